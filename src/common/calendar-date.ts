/**
 * Calendar dates (YYYY-MM-DD) counted in whole days on UTC midnights, so a daylight-saving
 * change or a month's end moves nothing; "today" is the date on a clinic's clock.
 */

const DAY_MS = 86_400_000;

function utcOf(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8)));
}

export function addDays(date: string, days: number): string {
  return new Date(utcOf(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcOf(to) - utcOf(from)) / DAY_MS);
}

const DATE_IN_ZONE = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at `now` on a clock in `timeZone` (an IANA name). */
export function todayIn(timeZone: string, now: Date): string {
  let format = DATE_IN_ZONE.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    DATE_IN_ZONE.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
