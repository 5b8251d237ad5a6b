import { invalid } from './fhir-query';

/** FHIR date search values on an instant: a prefix and the span the value's precision covers. */

export type DatePrefix = 'eq' | 'gt' | 'ge' | 'lt' | 'le';
export const DATE_PREFIXES: readonly DatePrefix[] = ['eq', 'gt', 'ge', 'lt', 'le'];

/** A date search value: the prefix and the span its precision covers, [start, end). */
export interface DateCondition {
  prefix: DatePrefix;
  start: Date;
  end: Date;
}

const DATE_VALUE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** A FHIR date search value (`ge2024-05-01`, `2024-05-01T10:00:00Z`, `lt2024`). */
export function parseDateCondition(name: string, raw: string): DateCondition {
  if (raw.includes(',')) throw invalid(name, 'takes one value: repeat the parameter for a range');
  let prefix: DatePrefix = 'eq';
  let text = raw;
  const given = /^[a-z]{2}/.exec(raw)?.[0];
  if (given) {
    const known = DATE_PREFIXES.find((p) => p === given);
    if (!known)
      throw invalid(name, `the prefix ${given} is not supported (use eq, gt, ge, lt or le)`);
    prefix = known;
    text = raw.slice(2);
  }
  const m = DATE_VALUE.exec(text);
  if (!m) throw invalid(name, 'must be a date such as 2024-05-01 or 2024-05-01T10:00:00Z');
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo);
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 1 || month > 12)) throw invalid(name, 'has no such month');
  if (day !== undefined && (day < 1 || day > daysIn(year, month!)))
    throw invalid(name, 'has no such day');
  if (month === undefined) return { prefix, start: utc(year, 0, 1), end: utc(year + 1, 0, 1) };
  if (day === undefined)
    return { prefix, start: utc(year, month - 1, 1), end: utc(year, month, 1) };
  if (h === undefined)
    return { prefix, start: utc(year, month - 1, day), end: utc(year, month - 1, day + 1) };
  if (zone === undefined) throw invalid(name, 'needs a time zone (Z or ±hh:mm) with a time');
  const [hour, minute, second] = [Number(h), Number(mi), Number(s ?? 0)];
  const offset = zoneMinutes(zone);
  if (hour > 23 || minute > 59 || second > 59 || offset === undefined)
    throw invalid(name, 'has a time that does not exist');
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const start = new Date(
    utc(year, month - 1, day, hour, minute, second, ms).getTime() - offset * 60_000,
  );
  const span = s === undefined ? 60_000 : fraction === undefined ? 1000 : 1;
  return { prefix, start, end: new Date(start.getTime() + span) };
}

function zoneMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const [hours, minutes] = zone.slice(1).split(':').map(Number);
  if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function utc(year: number, month: number, day: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day); // unlike Date.UTC, years below 100 stay themselves
  date.setUTCHours(h, mi, s, ms);
  return date;
}

function daysIn(year: number, month: number): number {
  return utc(year, month, 0).getUTCDate();
}
