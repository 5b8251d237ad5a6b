import { addDays } from '../common/calendar-date';

/** Pain at or above this flags the patient. */
export const HIGH_PAIN = 7;

/**
 * What a check-in flags for the clinician, in words: each emergency sign ticked, pain of 7 or
 * more, and pain rising three days running (this day and the two before it, each higher than
 * the day before: 3, 5, 6).
 */
export function flagsOf(
  checkIn: { date: string; day: number; pain: number | null; signs: string[] },
  previous: { date: string; pain: number | null }[],
): string[] {
  const flags = checkIn.signs.map((sign) => `Ticked on day ${checkIn.day}: ${sign}`);
  if (checkIn.pain !== null && checkIn.pain >= HIGH_PAIN)
    flags.push(`Pain ${checkIn.pain} on day ${checkIn.day}`);
  // By date (day numbers move when a version changes the start); the latest of a day counts.
  const before = (n: number) =>
    previous.filter((p) => p.date === addDays(checkIn.date, -n)).at(-1)?.pain ?? null;
  const [one, two] = [before(1), before(2)];
  if (checkIn.pain !== null && one !== null && two !== null && two < one && one < checkIn.pain)
    flags.push(
      `Pain rising three days running: ${two}, ${one}, ${checkIn.pain} (days ${checkIn.day - 2} to ${checkIn.day})`,
    );
  return flags;
}
