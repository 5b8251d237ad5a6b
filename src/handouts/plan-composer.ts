import { BASE_LANGUAGE, Phrases, phrasesFor } from '../i18n/phrases';
import { longDate, shortDate } from '../i18n/dates';
import { BlockElement, planLineOf } from '../library/content/block-markup';
import { planText, RenderContext, TextRun, walkMinutesOn } from '../library/content/block-render';
import { ParameterSpec, ParameterValues } from '../library/content/parameter-spec';
import type { DayPlan, PrintedPlan, RenderedBlock } from '../rendering/view-model';
import { buildDayPlan, planLength, PlanSource } from './day-plan';

/** A block of the handout as the plan reads it: its parsed body, values and days. */
export interface PlanBlock {
  key: string;
  category: string;
  specs: ParameterSpec[];
  values: ParameterValues;
  elements: BlockElement[];
  fromDay?: number;
  toDay?: number;
}

/**
 * The handout's day-by-day plan: each block with a plan line, on the days it applies, from the
 * start date to the review date (at most twelve weeks). Null when no block has a plan line.
 */
export function composePlan(input: {
  startDate: string;
  lastDate: string;
  blocks: PlanBlock[];
  context: RenderContext;
  signs: DayPlan['signs'];
}): DayPlan | null {
  const sources: PlanSource[] = [];
  for (const block of input.blocks) {
    const line = planLineOf(block.elements);
    if (!line) continue;
    const walk = line.text.some((r) => r.param === 'today.walk-minutes');
    const limit = line.daysParam ? block.values[line.daysParam] : undefined;
    sources.push({
      key: block.key,
      label: line.label,
      kind: walk ? 'walk' : block.category === 'exercise' ? 'exercise' : 'other',
      fromDay: block.fromDay,
      toDay: block.toDay,
      limitDays: typeof limit === 'number' ? limit : undefined,
      textFor: (day) => {
        const text = planText(line.text, block.specs, block.values, input.context, day);
        const minutes = walk ? walkMinutesOn(block.values, day) : undefined;
        return { text, minutes };
      },
    });
  }
  if (sources.length === 0) return null;
  return buildDayPlan(
    input.startDate,
    planLength(input.startDate, input.lastDate),
    sources,
    input.signs,
  );
}

/**
 * The signs a check-in asks about: the items of the warning-signs block's emergency callout,
 * in its words, keyed by their place ("sign-1" …) within the version they are frozen with.
 */
export function emergencySignsOf(block: RenderedBlock | undefined): DayPlan['signs'] {
  const text = (runs: TextRun[]) =>
    runs
      .map((r) => r.text)
      .join('')
      .trim();
  for (const el of block?.elements ?? []) {
    if (el.partial !== 'el-callout' || el.tone !== 'emergency') continue;
    const list = el.children.find((c) => c.partial === 'el-list');
    if (list?.partial === 'el-list')
      return list.items.map((item, i) => ({ key: `sign-${i + 1}`, text: text(item) }));
  }
  return [];
}

/**
 * The printed table: a row a day, a column an item, what to tick where it applies. Dates in
 * `locale`, the words around them in `phrases`' language (English when not given).
 */
export function printedPlan(
  plan: DayPlan,
  locale: string,
  phrases: Phrases = phrasesFor(BASE_LANGUAGE),
): PrintedPlan {
  const columns: { key: string; label: string; detail: string }[] = [];
  // A walk that grows says so (its minutes are in each box); one that does not reads as it is.
  const grows = (key: string) =>
    new Set(plan.days.flatMap((d) => d.items.filter((i) => i.key === key).map((i) => i.minutes)))
      .size > 1;
  for (const day of plan.days)
    for (const item of day.items)
      if (!columns.some((c) => c.key === item.key))
        columns.push({
          key: item.key,
          label: item.label,
          detail: withoutLabel(
            item.kind === 'walk' && grows(item.key)
              ? phrases.t('document.plan.walkGrows', { text: item.text, day: day.day })
              : item.text,
            item.label,
          ),
        });
  return {
    span: phrases.t('document.plan.span', {
      start: longDate(plan.startDate, locale),
      end: longDate(plan.endDate, locale),
    }),
    columns: columns.map(({ label, detail }) => ({ label, detail })),
    rows: plan.days.map((d) => ({
      day: d.day,
      dateText: shortDate(d.date, locale),
      cells: columns.map((c) => {
        const item = d.items.find((i) => i.key === c.key);
        if (!item) return null;
        return {
          amount:
            item.minutes !== undefined && grows(c.key)
              ? phrases.t('document.plan.minutes', { minutes: item.minutes })
              : '',
        };
      }),
    })),
  };
}

/** "Knee to chest: hold 20 seconds" under the label "Knee to chest" reads "hold 20 seconds". */
function withoutLabel(text: string, label: string): string {
  const prefix = `${label}:`;
  if (!text.toLowerCase().startsWith(prefix.toLowerCase())) return text;
  const rest = text.slice(prefix.length).trim();
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
