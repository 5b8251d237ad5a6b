import { checkSpecs, ParameterSpec, resolveValues, valueProblem } from './parameter-spec';

/** The clinical safety rule: a clinician can never set a value outside the block's bounds. */
describe('parameters', () => {
  const minutes: ParameterSpec = {
    name: 'minutes',
    type: 'integer',
    label: 'Minutes',
    unit: 'minutes',
    min: 5,
    max: 20,
    default: 15,
  };
  const dose: ParameterSpec = {
    name: 'litres',
    type: 'decimal',
    label: 'Litres',
    min: 0.5,
    max: 3,
    step: 0.5,
    default: 1.5,
  };
  const side: ParameterSpec = {
    name: 'side',
    type: 'choice',
    label: 'Side',
    options: ['left', 'right', 'both'],
    default: 'both',
  };
  const note: ParameterSpec = {
    name: 'advice',
    type: 'text',
    label: 'Advice',
    maxLength: 10,
    default: '',
  };
  const date: ParameterSpec = { name: 'date', type: 'date', label: 'Date' };
  const must: ParameterSpec = {
    name: 'with',
    type: 'text',
    label: 'With',
    maxLength: 20,
    required: true,
  };
  const specs = [minutes, dose, side, note, date];

  describe(resolveValues.name, () => {
    it('fills defaults and keeps valid values', () => {
      expect(
        resolveValues('Cold pack', specs, { minutes: 20, side: 'left', date: '2026-12-01' }),
      ).toEqual({
        values: { minutes: 20, litres: 1.5, side: 'left', advice: '', date: '2026-12-01' },
        problems: [],
      });
    });

    it.each([
      [{ minutes: 90 }, 'Cold pack: minutes must be between 5 and 20 minutes'],
      [{ minutes: 4 }, 'Cold pack: minutes must be between 5 and 20 minutes'],
      [{ minutes: 20.5 }, 'Cold pack: minutes must be a whole number'],
      [{ minutes: '15' }, 'Cold pack: minutes must be a number'],
      [{ minutes: Number.NaN }, 'Cold pack: minutes must be a number'],
      [{ minutes: Infinity }, 'Cold pack: minutes must be a number'],
      [{ litres: 1.2 }, 'Cold pack: litres must be in steps of 0.5'],
      [{ litres: 3.5 }, 'Cold pack: litres must be between 0.5 and 3'],
      [{ side: 'top' }, 'Cold pack: side must be one of left, right, both'],
      [{ advice: 'x'.repeat(11) }, 'Cold pack: advice must be at most 10 characters'],
      [{ advice: 'a\u0007b' }, 'Cold pack: advice must not contain control characters'],
      [{ advice: 42 }, 'Cold pack: advice must be text'],
      [{ date: '2026-02-30' }, 'Cold pack: date must be a date as YYYY-MM-DD'],
      [{ colour: 'red' }, 'Cold pack: there is no parameter "colour"'],
    ])('refuses %j: "%s"', (given, message) => {
      expect(resolveValues('Cold pack', specs, given).problems).toEqual([message]);
    });

    it('accepts the bounds themselves', () => {
      expect(resolveValues('Cold pack', specs, { minutes: 5 }).problems).toEqual([]);
      expect(resolveValues('Cold pack', specs, { minutes: 20, litres: 3 }).problems).toEqual([]);
    });

    it('asks for a required value without a default', () => {
      expect(resolveValues('Follow-up', [must], {}).problems).toEqual([
        'Follow-up: with is required',
      ]);
      expect(resolveValues('Follow-up', [must], { with: 'Dr Lee' }).values).toEqual({
        with: 'Dr Lee',
      });
    });

    it('leaves an optional date with no default unset', () => {
      expect(resolveValues('Follow-up', [date], {}).values).toEqual({});
    });
  });

  describe(checkSpecs.name, () => {
    it('accepts sound declarations', () => {
      expect(checkSpecs([minutes, dose, side, note, date, must])).toEqual([]);
    });

    it.each([
      [{ ...minutes, min: 30 }, 'min (30) must not be greater than max (20)'],
      [{ ...minutes, default: 25 }, 'default must be between 5 and 20 minutes'],
      [{ ...minutes, name: 'Minutes Each' }, 'name must be kebab-case'],
      [{ ...minutes, type: 'float' }, 'type must be one of integer, decimal, choice, text, date'],
      [{ ...minutes, label: '' }, 'label is required'],
      [{ ...minutes, max: undefined }, 'min and max are required'],
      [{ ...minutes, min: 1.5 }, 'min and max of an integer must be whole numbers'],
      [{ ...side, options: [] }, 'options must be a list of 1 to 20 words'],
      [{ ...minutes, max: 1_000_000 }, 'min and max must be between -10,000 and 10,000'],
      [{ ...minutes, min: -20_000 }, 'min and max must be between -10,000 and 10,000'],
      [{ ...dose, step: 0.0001 }, 'step must be a number from 0.01 to 10000'],
      [
        { ...side, options: Array.from({ length: 21 }, (_, i) => `o${i}`) },
        'options must be a list of 1 to 20 words',
      ],
      [{ ...side, default: 'up' }, 'default must be one of left, right, both'],
      [{ ...note, maxLength: 0 }, 'maxLength must be a whole number from 1 to 2000'],
      [{ ...note, min: 1 }, 'min only applies to integer and decimal parameters'],
      [{ ...minutes, colour: 'red' }, 'unknown field "colour"'],
    ])('refuses %j', (spec, message) => {
      expect(checkSpecs([spec]).join(' ')).toContain(message);
    });

    it('refuses more than 20 parameters', () => {
      const many = Array.from({ length: 21 }, (_, i) => ({ ...minutes, name: `p${i}` }));
      expect(checkSpecs(many)).toEqual(['parameters: at most 20 parameters (got 21)']);
    });

    it('refuses a name used twice', () => {
      expect(checkSpecs([minutes, minutes])).toEqual([
        'parameters[1] (minutes): name is used twice',
      ]);
    });
  });

  it('describes the problem for a single value', () => {
    expect(valueProblem(minutes, 12)).toBeUndefined();
    expect(valueProblem(minutes, 21)).toBe('must be between 5 and 20 minutes');
  });
});
