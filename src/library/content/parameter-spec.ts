import { isCalendarDate } from '../../common/validators';

export type ParameterType = 'integer' | 'decimal' | 'choice' | 'text' | 'date';
export const PARAMETER_TYPES: ParameterType[] = ['integer', 'decimal', 'choice', 'text', 'date'];

/** A parameter a clinician sets on a block, declared on the block version. */
export interface ParameterSpec {
  name: string;
  type: ParameterType;
  label: string;
  unit?: string;
  min?: number;
  max?: number;
  step?: number;
  options?: string[];
  maxLength?: number;
  default?: number | string;
  required?: boolean;
}

export type ParameterValue = number | string;
export type ParameterValues = Record<string, ParameterValue>;

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** No clinical number in a handout needs more: bounds beyond this are refused. */
export const NUMBER_LIMIT = 10_000;
/** The finest step a decimal parameter may have. */
export const FINEST_STEP = 0.01;
/** The exercise log's longest chart, in days (four weeks). */
export const MAX_LOG_DAYS = 28;
/** A block declares at most this many parameters, and a choice at most this many options. */
const MAX_PARAMETERS = 20;
const MAX_OPTIONS = 20;
const SPEC_KEYS = new Set([
  'name',
  'type',
  'label',
  'unit',
  'min',
  'max',
  'step',
  'options',
  'maxLength',
  'default',
  'required',
]);

/** Problems with a block's parameter declarations, each naming the parameter (empty when sound). */
export function checkSpecs(specs: unknown): string[] {
  if (!Array.isArray(specs)) return ['parameters: must be a list'];
  if (specs.length > MAX_PARAMETERS)
    return [`parameters: at most ${MAX_PARAMETERS} parameters (got ${specs.length})`];
  const problems: string[] = [];
  const seen = new Set<string>();
  specs.forEach((raw, index) => {
    const spec = raw as ParameterSpec;
    const at = `parameters[${index}]${typeof spec?.name === 'string' ? ` (${spec.name})` : ''}`;
    if (typeof spec !== 'object' || spec === null) return problems.push(`${at}: must be an object`);
    for (const key of Object.keys(spec))
      if (!SPEC_KEYS.has(key)) problems.push(`${at}: unknown field "${key}"`);
    if (typeof spec.name !== 'string' || !NAME.test(spec.name))
      problems.push(`${at}: name must be kebab-case, like hold-seconds`);
    else if (seen.has(spec.name)) problems.push(`${at}: name is used twice`);
    else seen.add(spec.name);
    if (!PARAMETER_TYPES.includes(spec.type))
      problems.push(`${at}: type must be one of ${PARAMETER_TYPES.join(', ')}`);
    if (typeof spec.label !== 'string' || spec.label.trim() === '' || spec.label.length > 80) {
      problems.push(`${at}: label is required (up to 80 characters)`);
    }
    if (spec.required !== undefined && typeof spec.required !== 'boolean')
      problems.push(`${at}: required must be true or false`);
    problems.push(...checkTypeRules(spec, at));
    if (spec.default !== undefined && PARAMETER_TYPES.includes(spec.type)) {
      const problem = valueProblem(spec, spec.default);
      if (problem) problems.push(`${at}: default ${problem}`);
    }
  });
  return problems;
}

function checkTypeRules(spec: ParameterSpec, at: string): string[] {
  const problems: string[] = [];
  const numeric = spec.type === 'integer' || spec.type === 'decimal';
  if (numeric) {
    if (typeof spec.min !== 'number' || typeof spec.max !== 'number')
      problems.push(`${at}: min and max are required`);
    else if (spec.min > spec.max)
      problems.push(`${at}: min (${spec.min}) must not be greater than max (${spec.max})`);
    else if (Math.abs(spec.min) > NUMBER_LIMIT || Math.abs(spec.max) > NUMBER_LIMIT)
      problems.push(
        `${at}: min and max must be between -${NUMBER_LIMIT.toLocaleString('en')} and ${NUMBER_LIMIT.toLocaleString('en')}`,
      );
    if (
      spec.type === 'integer' &&
      [spec.min, spec.max].some((n) => n !== undefined && !Number.isInteger(n))
    ) {
      problems.push(`${at}: min and max of an integer must be whole numbers`);
    }
    if (
      spec.step !== undefined &&
      (typeof spec.step !== 'number' || spec.step < FINEST_STEP || spec.step > NUMBER_LIMIT)
    )
      problems.push(`${at}: step must be a number from ${FINEST_STEP} to ${NUMBER_LIMIT}`);
    if (spec.unit !== undefined && (typeof spec.unit !== 'string' || spec.unit.length > 20))
      problems.push(`${at}: unit must be a short word`);
  } else {
    for (const key of ['min', 'max', 'step', 'unit'] as const) {
      if (spec[key] !== undefined)
        problems.push(`${at}: ${key} only applies to integer and decimal parameters`);
    }
  }
  if (spec.type === 'choice') {
    if (
      !Array.isArray(spec.options) ||
      spec.options.length === 0 ||
      spec.options.length > MAX_OPTIONS ||
      spec.options.some((o) => typeof o !== 'string' || o === '' || o.length > 80)
    ) {
      problems.push(
        `${at}: options must be a list of 1 to ${MAX_OPTIONS} words, each up to 80 characters`,
      );
    } else if (new Set(spec.options).size !== spec.options.length)
      problems.push(`${at}: options must not repeat`);
  } else if (spec.options !== undefined)
    problems.push(`${at}: options only apply to choice parameters`);
  if (spec.type === 'text') {
    if (
      typeof spec.maxLength !== 'number' ||
      !Number.isInteger(spec.maxLength) ||
      spec.maxLength < 1 ||
      spec.maxLength > 2000
    ) {
      problems.push(`${at}: maxLength must be a whole number from 1 to 2000`);
    }
  } else if (spec.maxLength !== undefined)
    problems.push(`${at}: maxLength only applies to text parameters`);
  return problems;
}

/** Why a value does not fit its parameter, or undefined when it does ("must be between 5 and 20"). */
export function valueProblem(spec: ParameterSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'integer':
    case 'decimal': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (spec.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      if (value < (spec.min ?? -Infinity) || value > (spec.max ?? Infinity)) {
        return `must be between ${spec.min} and ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}`;
      }
      if (spec.type === 'decimal' && spec.step && !isMultiple(value - (spec.min ?? 0), spec.step)) {
        return `must be in steps of ${spec.step}`;
      }
      return undefined;
    }
    case 'choice':
      return typeof value === 'string' && spec.options?.includes(value)
        ? undefined
        : `must be one of ${spec.options?.join(', ')}`;
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      if ([...value].length > (spec.maxLength ?? 0))
        return `must be at most ${spec.maxLength} characters`;
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value))
        return 'must not contain control characters';
      return undefined;
    case 'date':
      return isCalendarDate(value) ? undefined : 'must be a date as YYYY-MM-DD';
  }
}

function isMultiple(value: number, step: number): boolean {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

/**
 * Checks a clinician's values against a block's declarations: unknown names, missing required
 * values and out-of-bounds values are refused with messages that name the block, the parameter
 * and the rule ("Cold pack: minutes must be between 5 and 20"). Returns the complete values
 * (defaults filled in) or the problems.
 */
export function resolveValues(
  blockTitle: string,
  specs: ParameterSpec[],
  given: Record<string, unknown> | undefined,
): { values: ParameterValues; problems: string[] } {
  const problems: string[] = [];
  const values: ParameterValues = {};
  const input = given ?? {};
  if (typeof input !== 'object' || Array.isArray(input))
    return { values, problems: [`${blockTitle}: params must be an object`] };
  for (const name of Object.keys(input)) {
    if (!specs.some((s) => s.name === name))
      problems.push(`${blockTitle}: there is no parameter "${name}"`);
  }
  for (const spec of specs) {
    const raw = input[spec.name];
    if (raw === undefined || raw === null || (raw === '' && spec.type !== 'text')) {
      if (spec.default !== undefined) values[spec.name] = spec.default;
      else if (spec.required) problems.push(`${blockTitle}: ${spec.name} is required`);
      continue;
    }
    const problem = valueProblem(spec, raw);
    if (problem) problems.push(`${blockTitle}: ${spec.name} ${problem}`);
    else values[spec.name] = raw as ParameterValue;
  }
  return { values, problems };
}

/** Defaults only: what a block reads like before a clinician changes anything. */
export function defaultValues(specs: ParameterSpec[]): ParameterValues {
  return Object.fromEntries(
    specs.filter((s) => s.default !== undefined).map((s) => [s.name, s.default!]),
  );
}
