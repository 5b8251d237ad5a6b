import { BASE_LANGUAGE, Phrases, phrasesFor } from '../i18n/phrases';
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

/** Messages in the patient's words and language: what to change, never a field name. */
export function formMessages(phrases: Phrases): { pain: string; walked: string; unknown: string } {
  return {
    pain: phrases.t('checkIn.errors.pain'),
    walked: phrases.t('checkIn.errors.walked', { max: MAX_WALKED_MINUTES }),
    unknown: phrases.t('checkIn.errors.unknown'),
  };
}

/** The messages in English. */
export const FORM_MESSAGES = formMessages(phrasesFor(BASE_LANGUAGE));

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
 * sign is ticked, so that check-in still reaches the clinician. Refusals are in `phrases`'
 * language (the handout's).
 */
export function readCheckInForm(
  body: Record<string, unknown>,
  items: PlanItem[],
  signs: DayPlan['signs'],
  phrases: Phrases = phrasesFor(BASE_LANGUAGE),
): FormOutcome {
  const messages = formMessages(phrases);
  const errors = new Set<string>();
  const one = (name: string): string | null => {
    const values = valuesOf(body[name]);
    if (values === null || values.length > 1) {
      errors.add(messages.unknown);
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
      errors.add(messages.unknown);
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
    else errors.add(messages.pain);
  } else if (painText === '' && emergencySigns.length === 0) errors.add(messages.pain);

  const walkedText = one('walkedMinutes');
  let walkedMinutes: number | null = null;
  if (walkedText) {
    if (!items.some((i) => i.kind === 'walk')) errors.add(messages.unknown);
    else if (/^\d{1,3}$/.test(walkedText) && Number(walkedText) <= MAX_WALKED_MINUTES)
      walkedMinutes = Number(walkedText);
    else errors.add(messages.walked);
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
