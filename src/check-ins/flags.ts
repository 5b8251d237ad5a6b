/** Pain at or above this flags the patient. */
export const HIGH_PAIN = 7;

/**
 * What a check-in flags for the clinician, in words: each emergency sign ticked, pain of 7 or
 * more, and pain rising three days running (this day and the two before it, each higher than
 * the day before: 3, 5, 6).
 */
export function flagsOf(
  checkIn: { day: number; pain: number | null; signs: string[] },
  previous: { day: number; pain: number | null }[],
): string[] {
  const flags = checkIn.signs.map((sign) => `Ticked on day ${checkIn.day}: ${sign}`);
  if (checkIn.pain !== null && checkIn.pain >= HIGH_PAIN)
    flags.push(`Pain ${checkIn.pain} on day ${checkIn.day}`);
  const before = (n: number) => previous.find((p) => p.day === checkIn.day - n)?.pain ?? null;
  const [one, two] = [before(1), before(2)];
  if (checkIn.pain !== null && one !== null && two !== null && two < one && one < checkIn.pain)
    flags.push(
      `Pain rising three days running: ${two}, ${one}, ${checkIn.pain} (days ${checkIn.day - 2} to ${checkIn.day})`,
    );
  return flags;
}
