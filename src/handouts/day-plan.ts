import { addDays, daysBetween } from '../common/calendar-date';
import type { DayPlan, PlanItem } from '../rendering/view-model';

export { addDays, daysBetween, todayIn } from '../common/calendar-date';

/**
 * The day-by-day plan's arithmetic. Dates are calendar dates (YYYY-MM-DD) counted in whole
 * days on UTC midnights, so a daylight-saving change or a month's end moves nothing; "today"
 * is the date on the clinic's clock (`todayIn`).
 */

/** The longest plan: twelve weeks, as the longest review period. */
export const MAX_PLAN_DAYS = 84;

/** The plan's day number for a date: 1 on the start date, 0 or less before it. */
export function dayOfPlan(startDate: string, date: string): number {
  return daysBetween(startDate, date) + 1;
}

/** One block's line in the plan: which days it applies to and what it says on each. */
export interface PlanSource {
  key: string;
  label: string;
  kind: PlanItem['kind'];
  /** The clinician's range, day 1 = the start date; absent ends are the plan's. */
  fromDay?: number;
  toDay?: number;
  /** The block's own limit ("for the first 3 days"), counted from its first day. */
  limitDays?: number;
  /** What to do on the block's own day N (1 = the first day it applies). */
  textFor(blockDay: number): { text: string; minutes?: number };
}

/** The days a source applies to, clamped to the plan; empty when none. */
export function daysOf(source: PlanSource, lastDay: number): { from: number; to: number } {
  const from = Math.max(1, source.fromDay ?? 1);
  let to = Math.min(source.toDay ?? lastDay, lastDay);
  if (source.limitDays !== undefined) to = Math.min(to, from + source.limitDays - 1);
  return { from, to };
}

/** Number of days from the start date to the last date, both counted, within the limits. */
export function planLength(startDate: string, lastDate: string): number {
  return Math.max(1, Math.min(MAX_PLAN_DAYS, dayOfPlan(startDate, lastDate)));
}

/** Each day's items, in the order of the handout's blocks. */
export function buildDayPlan(
  startDate: string,
  lastDay: number,
  sources: PlanSource[],
  signs: DayPlan['signs'],
): DayPlan {
  const ranges = sources.map((s) => daysOf(s, lastDay));
  const days: DayPlan['days'] = [];
  for (let day = 1; day <= lastDay; day++) {
    const items: PlanItem[] = [];
    sources.forEach((source, i) => {
      const { from, to } = ranges[i];
      if (day < from || day > to) return;
      const { text, minutes } = source.textFor(day - from + 1);
      items.push({
        key: source.key,
        label: source.label,
        text,
        kind: source.kind,
        ...(minutes !== undefined ? { minutes } : {}),
      });
    });
    days.push({ day, date: addDays(startDate, day - 1), items });
  }
  return { startDate, endDate: addDays(startDate, lastDay - 1), days, signs };
}
