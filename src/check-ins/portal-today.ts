import { dayOfPlan } from '../handouts/day-plan';
import { longDate } from '../i18n/dates';
import type { Phrases } from '../i18n/phrases';
import type { DayPlan, PortalToday } from '../rendering/view-model';
import { CheckInAnswers } from './check-in-form';

export interface TodayInput {
  plan: DayPlan;
  /** The patient's date on the clinic's clock. */
  today: string;
  /** The form's address and its anti-forgery token. */
  action: string;
  token: string;
  emergencyNumber: string;
  /** Today's saved check-in, if any. */
  saved: CheckInAnswers | null;
  /** A check-in just refused: what was sent and why, shown again to correct. */
  refused?: { errors: string[]; emergencySigns: string[]; sent: Partial<CheckInAnswers> };
  /** The handout's language: the words and dates of this part of the page. */
  phrases: Phrases;
}

/**
 * The top of the patient's page: which day of the plan today is, today's items and the
 * check-in form; before the start or after the end, says so. An emergency sign ticked (saved,
 * or in a form refused for something else) puts the emergency advice first.
 */
export function portalToday(input: TodayInput): PortalToday {
  const { plan, today, phrases } = input;
  const dateOf = (date: string) => longDate(date, phrases.locale);
  const day = dayOfPlan(plan.startDate, today);
  const ticked = [
    ...new Set([...(input.refused?.emergencySigns ?? []), ...(input.saved?.emergencySigns ?? [])]),
  ];
  const emergency = ticked.length ? { number: input.emergencyNumber || '' } : null;
  const base = { emergency, errors: input.refused?.errors ?? [] };
  if (day < 1)
    return {
      ...base,
      heading: phrases.t('checkIn.before.heading', { date: dateOf(plan.startDate) }),
      message: phrases.t('checkIn.before.message'),
      items: [],
      form: null,
      saved: null,
    };
  const planDay = plan.days.find((d) => d.day === day);
  if (!planDay)
    return {
      ...base,
      heading: phrases.t('checkIn.after.heading', { date: dateOf(plan.endDate) }),
      message: phrases.t('checkIn.after.message'),
      items: [],
      form: null,
      saved: null,
    };
  const answers = input.refused?.sent ?? input.saved ?? null;
  const done = new Set(answers?.done ?? []);
  const signs = new Set(ticked);
  const walk = planDay.items.find((i) => i.kind === 'walk');
  return {
    ...base,
    heading: phrases.t('checkIn.today', { day, date: dateOf(today) }),
    message: planDay.items.length ? null : phrases.t('checkIn.nothingToday'),
    items: planDay.items,
    form: {
      action: input.action,
      token: input.token,
      exercises: planDay.items
        .filter((i) => i.kind === 'exercise')
        .map((i) => ({ key: i.key, text: i.label, checked: done.has(i.key) })),
      walk: walk
        ? {
            text: phrases.t('checkIn.form.walk', { plan: walk.text }),
            value: answers?.walkedMinutes != null ? String(answers.walkedMinutes) : '',
          }
        : null,
      painChoices: Array.from({ length: 11 }, (_, value) => ({
        value,
        checked: answers?.pain === value,
      })),
      signs: plan.signs.map((s) => ({ ...s, checked: signs.has(s.key) })),
    },
    saved: input.saved && !input.refused ? phrases.t('checkIn.saved') : null,
  };
}
