import type { DayPlan, PlanItem } from '../rendering/view-model';

/** A day's check-in as the patient answered it, checked against that day's plan. */
export interface CheckInAnswers {
  pain: number | null;
  done: string[];
  walkedMinutes: number | null;
  emergencySigns: string[];
}

export type FormOutcome =
  | { ok: true; answers: CheckInAnswers }
  /** `emergencySigns`: the known signs ticked, whose advice is shown whatever else went wrong. */
  | { ok: false; errors: string[]; emergencySigns: string[] };

export const MAX_WALKED_MINUTES = 600;

/** Messages in the patient's words: what to change, never a field name. */
export const FORM_MESSAGES = {
  pain: 'Choose a number for your pain now, from 0 (no pain) to 10 (the worst pain).',
  walked: `Write the minutes you walked today as a whole number, from 0 to ${MAX_WALKED_MINUTES}.`,
  unknown:
    'Something in the form was not recognised. Reload the page and try again, or call your clinic.',
};

/** A form field's values: absent, one, or repeated; anything else (a nested object) is refused. */
function valuesOf(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  return null;
}

/**
 * Reads a posted check-in form (plain HTML, so every value is text) against the day's items
 * and the plan's signs: pain a whole number 0-10, exercises and signs of this day only, minutes
 * walked a whole number when the day has a walk. Pain may be left out only when an emergency
 * sign is ticked, so that check-in still reaches the clinician.
 */
export function readCheckInForm(
  body: Record<string, unknown>,
  items: PlanItem[],
  signs: DayPlan['signs'],
): FormOutcome {
  const errors = new Set<string>();
  const one = (name: string): string | null => {
    const values = valuesOf(body[name]);
    if (values === null || values.length > 1) {
      errors.add(FORM_MESSAGES.unknown);
      return null;
    }
    return values[0]?.trim() ?? '';
  };
  const many = (name: string, known: Set<string>): string[] => {
    const values = valuesOf(body[name]);
    if (
      values === null ||
      values.length > known.size * 2 + 2 ||
      values.some((v) => !known.has(v))
    ) {
      errors.add(FORM_MESSAGES.unknown);
      return (values ?? []).filter((v) => known.has(v));
    }
    return [...new Set(values)];
  };

  const signKeys = new Set(signs.map((s) => s.key));
  const emergencySigns = many('emergencySigns', signKeys);
  const exerciseKeys = new Set(items.filter((i) => i.kind === 'exercise').map((i) => i.key));
  const done = many('done', exerciseKeys);

  const painText = one('pain');
  let pain: number | null = null;
  if (painText !== null && painText !== '') {
    if (/^(10|[0-9])$/.test(painText)) pain = Number(painText);
    else errors.add(FORM_MESSAGES.pain);
  } else if (painText === '' && emergencySigns.length === 0) errors.add(FORM_MESSAGES.pain);

  const walkedText = one('walkedMinutes');
  let walkedMinutes: number | null = null;
  if (walkedText) {
    if (!items.some((i) => i.kind === 'walk')) errors.add(FORM_MESSAGES.unknown);
    else if (/^\d{1,3}$/.test(walkedText) && Number(walkedText) <= MAX_WALKED_MINUTES)
      walkedMinutes = Number(walkedText);
    else errors.add(FORM_MESSAGES.walked);
  }

  if (errors.size) return { ok: false, errors: [...errors], emergencySigns };
  return { ok: true, answers: { pain, done, walkedMinutes, emergencySigns } };
}

/** What a refused form said that can be shown again to correct: only values that are valid. */
export function answersToShowAgain(
  body: Record<string, unknown>,
  items: PlanItem[],
  signs: DayPlan['signs'],
): Partial<CheckInAnswers> {
  const list = (name: string, known: string[]) =>
    (valuesOf(body[name]) ?? []).filter((v) => known.includes(v));
  const pain = typeof body.pain === 'string' && /^(10|[0-9])$/.test(body.pain.trim());
  const walked =
    typeof body.walkedMinutes === 'string' && /^\d{1,3}$/.test(body.walkedMinutes.trim());
  return {
    pain: pain ? Number((body.pain as string).trim()) : null,
    done: list(
      'done',
      items.filter((i) => i.kind === 'exercise').map((i) => i.key),
    ),
    walkedMinutes:
      walked && Number(body.walkedMinutes) <= MAX_WALKED_MINUTES
        ? Number(body.walkedMinutes)
        : null,
    emergencySigns: list(
      'emergencySigns',
      signs.map((s) => s.key),
    ),
  };
}
