import { dayOfPlan } from '../handouts/day-plan';
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
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});
const longDate = (date: string) => LONG_DATE.format(new Date(`${date}T00:00:00Z`));

/**
 * The top of the patient's page: which day of the plan today is, today's items and the
 * check-in form; before the start or after the end, says so. An emergency sign ticked (saved,
 * or in a form refused for something else) puts the emergency advice first.
 */
export function portalToday(input: TodayInput): PortalToday {
  const { plan, today } = input;
  const day = dayOfPlan(plan.startDate, today);
  const ticked = [
    ...new Set([...(input.refused?.emergencySigns ?? []), ...(input.saved?.emergencySigns ?? [])]),
  ];
  const emergency = ticked.length ? { number: input.emergencyNumber || '' } : null;
  const base = { emergency, errors: input.refused?.errors ?? [] };
  if (day < 1)
    return {
      ...base,
      heading: `Your plan starts on ${longDate(plan.startDate)}`,
      message: 'Until then, read the advice below. Each day of the plan will show here.',
      items: [],
      form: null,
      saved: null,
    };
  const planDay = plan.days.find((d) => d.day === day);
  if (!planDay)
    return {
      ...base,
      heading: `Your plan ended on ${longDate(plan.endDate)}`,
      message: 'If you are not clearly better, call your clinic. The advice below still applies.',
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
    heading: `Today is day ${day} of your plan (${longDate(today)})`,
    message: planDay.items.length
      ? null
      : 'Nothing is planned for today. Rest and move as you feel able.',
    items: planDay.items,
    form: {
      action: input.action,
      token: input.token,
      exercises: planDay.items
        .filter((i) => i.kind === 'exercise')
        .map((i) => ({ key: i.key, text: i.label, checked: done.has(i.key) })),
      walk: walk
        ? {
            text: `Minutes you walked today (the plan: ${walk.text})`,
            value: answers?.walkedMinutes != null ? String(answers.walkedMinutes) : '',
          }
        : null,
      painChoices: Array.from({ length: 11 }, (_, value) => ({
        value,
        checked: answers?.pain === value,
      })),
      signs: plan.signs.map((s) => ({ ...s, checked: signs.has(s.key) })),
    },
    saved:
      input.saved && !input.refused
        ? 'Your check-in for today is saved. You can change it until the end of the day.'
        : null,
  };
}
