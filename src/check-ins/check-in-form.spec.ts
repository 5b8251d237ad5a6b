import fc from 'fast-check';
import type { PlanItem } from '../rendering/view-model';
import { phrasesFor } from '../i18n/phrases';
import { FORM_MESSAGES, formMessages, readCheckInForm } from './check-in-form';
import { flagsOf } from './flags';

const items: PlanItem[] = [
  { key: 'walking-plan', label: 'Walk', text: '3 walks of 9 minutes', kind: 'walk', minutes: 9 },
  { key: 'heat', label: 'Heat', text: 'Heat for 20 minutes', kind: 'other' },
  { key: 'knee-to-chest', label: 'Knee to chest', text: 'Knee to chest', kind: 'exercise' },
  { key: 'pelvic-tilt', label: 'Pelvic tilt', text: 'Pelvic tilt', kind: 'exercise' },
];
const signs = [
  { key: 'sign-1', text: 'numbness or tingling in both legs' },
  { key: 'sign-2', text: 'loss of feeling between your legs' },
];

describe(readCheckInForm.name, () => {
  it('reads a whole check-in', () => {
    expect(
      readCheckInForm(
        { pain: '4', done: ['knee-to-chest', 'knee-to-chest'], walkedMinutes: ' 12 ' },
        items,
        signs,
      ),
    ).toEqual({
      ok: true,
      answers: { pain: 4, done: ['knee-to-chest'], walkedMinutes: 12, emergencySigns: [] },
    });
  });

  it('takes an emergency sign without a pain, so the clinician still hears of it', () => {
    expect(readCheckInForm({ pain: '', emergencySigns: 'sign-2' }, items, signs)).toEqual({
      ok: true,
      answers: { pain: null, done: [], walkedMinutes: null, emergencySigns: ['sign-2'] },
    });
  });

  it('refuses in the patient’s words, and keeps the signs ticked for the advice', () => {
    expect(readCheckInForm({ pain: '7.5', emergencySigns: 'sign-1' }, items, signs)).toEqual({
      ok: false,
      errors: [FORM_MESSAGES.pain],
      emergencySigns: ['sign-1'],
    });
    expect(readCheckInForm({ pain: '3', done: 'heat' }, items, signs)).toMatchObject({
      ok: false,
      errors: [FORM_MESSAGES.unknown],
    });
    expect(readCheckInForm({ pain: '3', walkedMinutes: '601' }, items, signs)).toMatchObject({
      errors: [FORM_MESSAGES.walked],
    });
    expect(readCheckInForm({ pain: ['3', '4'] }, items, signs)).toMatchObject({
      errors: [FORM_MESSAGES.unknown],
    });
    expect(readCheckInForm({ pain: { a: '3' } }, items, signs)).toMatchObject({ ok: false });
    expect(readCheckInForm({ pain: '3', walkedMinutes: '5' }, items.slice(1), signs)).toMatchObject(
      { errors: [FORM_MESSAGES.unknown] },
    );
  });

  it('refuses in the handout’s language', () => {
    const spanish = formMessages(phrasesFor('es'));
    expect(
      readCheckInForm({ pain: '11', walkedMinutes: 'x' }, items, signs, phrasesFor('es')),
    ).toEqual({ ok: false, errors: [spanish.pain, spanish.walked], emergencySigns: [] });
    expect(spanish.walked).toBe(
      'Escriba los minutos que caminó hoy con un número entero, de 0 a 600.',
    );
  });

  it('never accepts anything outside the day’s plan, whatever is posted', () => {
    const field = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '0',
        '10',
        '11',
        '-1',
        '5e0',
        '05',
        ' 5',
        'knee-to-chest',
        'heat',
        'sign-1',
        'sign-9',
        '__proto__',
      ),
      fc.array(fc.oneof(fc.string(), fc.constantFrom('knee-to-chest', 'sign-2', 'bridge')), {
        maxLength: 12,
      }),
      fc.object({ maxDepth: 1 }),
      fc.integer(),
    );
    const body = fc.dictionary(
      fc.constantFrom('pain', 'done', 'walkedMinutes', 'emergencySigns', 'check', 'other'),
      field,
    );
    fc.assert(
      fc.property(body, (posted) => {
        const outcome = readCheckInForm(posted, items, signs);
        if (!outcome.ok) {
          expect(outcome.errors.length).toBeGreaterThan(0);
          expect(outcome.emergencySigns.every((s) => s === 'sign-1' || s === 'sign-2')).toBe(true);
          return;
        }
        const { pain, done, walkedMinutes, emergencySigns } = outcome.answers;
        expect(pain === null || (Number.isInteger(pain) && pain >= 0 && pain <= 10)).toBe(true);
        expect(pain !== null || emergencySigns.length > 0).toBe(true);
        expect(done.every((k) => k === 'knee-to-chest' || k === 'pelvic-tilt')).toBe(true);
        expect(new Set(done).size).toBe(done.length);
        expect(walkedMinutes === null || (walkedMinutes >= 0 && walkedMinutes <= 600)).toBe(true);
        expect(emergencySigns.every((s) => s === 'sign-1' || s === 'sign-2')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe(flagsOf.name, () => {
  const on = (date: string, pain: number) => ({ date, pain });

  it('flags each sign, pain of 7 or more, and three rising days; nothing else', () => {
    expect(
      flagsOf({ date: '2026-12-03', day: 3, pain: 6, signs: [] }, [
        on('2026-12-02', 6),
        on('2026-12-01', 5),
      ]),
    ).toEqual([]);
    expect(flagsOf({ date: '2026-12-03', day: 3, pain: 7, signs: ['numbness'] }, [])).toEqual([
      'Ticked on day 3: numbness',
      'Pain 7 on day 3',
    ]);
    // Across a month's end, by date.
    expect(
      flagsOf({ date: '2027-03-01', day: 5, pain: 4, signs: [] }, [
        on('2027-02-28', 3),
        on('2027-02-27', 2),
      ]),
    ).toEqual(['Pain rising three days running: 2, 3, 4 (days 3 to 5)']);
    // A missing day breaks the run; an equal day is not a rise; the latest of a day counts.
    const day5 = { date: '2026-12-05', day: 5, pain: 4, signs: [] };
    expect(flagsOf(day5, [on('2026-12-04', 3), on('2026-12-02', 2)])).toEqual([]);
    expect(flagsOf(day5, [on('2026-12-04', 3), on('2026-12-03', 3)])).toEqual([]);
    expect(
      flagsOf(day5, [on('2026-12-04', 5), on('2026-12-04', 3), on('2026-12-03', 2)]),
    ).toHaveLength(1);
  });
});
