import { figureDrawing } from '../../figures/figures';
import type {
  CalloutTone,
  RenderedElement,
  RenderedPicture,
  TextRun,
} from '../../rendering/view-model';
import { BlockElement, Inline } from './block-markup';
import { Phrases, phrasesFor } from '../../i18n/phrases';
import { MAX_LOG_DAYS, ParameterSpec, ParameterValues } from './parameter-spec';

export type { RenderedElement, TextRun };

export interface RenderContext {
  clinic: {
    name: string;
    phone: string;
    /** The number to call in an emergency where the clinic is (999, 911, 112 …). */
    emergencyNumber?: string;
    /** Where to turn when the clinic is closed, as a phrase ("NHS 111", "our after-hours line"). */
    outOfHours?: string;
    weightUnit?: 'kg' | 'lb';
  };
  /** The handout's review date, written out; empty outside a handout (the library's preview). */
  reviewDate?: string;
  /** The handout's follow-up date, written out; empty when none is set (the line is left out). */
  followUpDate?: string;
  /** Titles of the exercise blocks in the same handout, for the exercise log. */
  exerciseTitles: string[];
  /** The handout has a day-by-day plan: its dated table is the log. */
  hasPlan?: boolean;
  /** Language of dates and numbers. */
  locale: string;
  /** The words the document adds around the text (box labels, table headings); English by default. */
  phrases?: Phrases;
  /** The clinic's pictures the blocks name, ready to draw. */
  images?: ReadonlyMap<string, RenderedPicture>;
}

/** The clinic's settings that blocks may name, from the clinic record. */
export function clinicContextOf(clinic: {
  name: string;
  phone: string;
  emergencyNumber: string;
  outOfHours: string;
  weightUnit: 'kg' | 'lb';
}): RenderContext['clinic'] {
  const { name, phone, emergencyNumber, outOfHours, weightUnit } = clinic;
  return { name, phone, emergencyNumber, outOfHours, weightUnit };
}

function calloutLabel(tone: CalloutTone, phrases: Phrases): string {
  return phrases.t(`document.callout.${tone}`);
}

/** A figure with its caption and text alternative in the document's language. */
function translatedFigure(name: string, phrases: Phrases) {
  const figure = figureDrawing(name);
  if (!figure || !phrases.has(`figures.${name}.caption`)) return figure;
  return {
    ...figure,
    caption: phrases.t(`figures.${name}.caption`),
    alt: phrases.t(`figures.${name}.alt`),
  };
}

/**
 * Fills placeholders with the clinician's values. A paragraph, list item or heading whose
 * placeholder has no value (an empty text, an unset date) is left out, so optional
 * instructions disappear cleanly, and so is a heading left with nothing under it.
 */
export function renderElements(
  elements: BlockElement[],
  specs: ParameterSpec[],
  values: ParameterValues,
  context: RenderContext,
): RenderedElement[] {
  const phrases = context.phrases ?? phrasesFor('en');
  const resolve = resolver(specs, values, context);
  const runsOf = (inlines: Inline[]) => runsWith(inlines, resolve);
  const cell = (inlines: Inline[]) => runsOf(inlines) ?? [];

  const out: RenderedElement[] = [];
  for (const el of elements) {
    switch (el.kind) {
      case 'heading': {
        const runs = runsOf(el.inlines);
        if (runs) out.push({ partial: 'el-heading', level2: el.level === 2, runs });
        break;
      }
      case 'paragraph': {
        const runs = runsOf(el.inlines);
        if (runs) out.push({ partial: 'el-paragraph', runs });
        break;
      }
      case 'list': {
        const items = el.items.map(runsOf).filter((r): r is TextRun[] => r !== null);
        if (items.length) out.push({ partial: 'el-list', ordered: el.ordered, items });
        break;
      }
      case 'callout': {
        const children = renderElements(el.children, specs, values, context);
        if (children.length)
          out.push({
            partial: 'el-callout',
            tone: el.tone,
            label: calloutLabel(el.tone, phrases),
            children,
          });
        break;
      }
      case 'table':
        out.push({
          partial: 'el-table',
          header: el.header.map(cell),
          rows: el.rows.map((r) => r.map(cell)),
        });
        break;
      case 'exercise-log': {
        if (context.hasPlan) {
          out.push({ partial: 'el-exercise-log', days: [], exercises: [], inPlan: true });
          break;
        }
        // Checked when the block is saved; clamped again so no stored value can build a huge page.
        const days = Math.max(
          1,
          Math.min(typeof values.days === 'number' ? values.days : 7, MAX_LOG_DAYS),
        );
        const exercises = context.exerciseTitles.length
          ? context.exerciseTitles
          : [1, 2, 3].map((number) => phrases.t('document.exerciseLog.placeholder', { number }));
        out.push({
          partial: 'el-exercise-log',
          days: Array.from({ length: days }, (_, i) => i + 1),
          exercises,
        });
        break;
      }
      case 'walking-schedule':
        out.push({ partial: 'el-walking-schedule', ...walkingSchedule(values, phrases) });
        break;
      case 'figure': {
        const figure = translatedFigure(el.name, phrases);
        if (figure) out.push({ partial: 'el-figure', figure });
        break;
      }
      case 'image': {
        // Checked when the block was saved; a picture removed since is left out.
        const picture = context.images?.get(el.name);
        if (picture) out.push({ partial: 'el-image', picture });
        break;
      }
    }
  }
  return withoutEmptySections(out);
}

/** Each placeholder's text: the clinic's settings, the handout's dates, the block's values. */
function resolver(
  specs: ParameterSpec[],
  values: ParameterValues,
  context: RenderContext,
  extra: Record<string, string> = {},
): (name: string) => string {
  return (name) => {
    if (name in extra) return extra[name];
    if (name === 'clinic.name') return context.clinic.name;
    if (name === 'clinic.phone') return context.clinic.phone;
    if (name === 'clinic.emergencyNumber')
      return context.clinic.emergencyNumber || 'your local emergency number';
    if (name === 'clinic.outOfHours')
      return context.clinic.outOfHours || 'your local urgent care or out-of-hours service';
    if (name === 'clinic.weightUnit') return context.clinic.weightUnit ?? 'kg';
    if (name === 'handout.reviewDate') return context.reviewDate || 'your review date';
    if (name === 'handout.followUpDate') return context.followUpDate ?? '';
    const value = values[name];
    if (value === undefined || value === '') return '';
    return formatValue(
      specs.find((s) => s.name === name),
      value,
      context.locale,
    );
  };
}

/** Inline runs with their placeholders filled; null when a placeholder has no value. */
function runsWith(inlines: Inline[], resolve: (name: string) => string): TextRun[] | null {
  const runs: TextRun[] = [];
  for (const inline of inlines) {
    const text = inline.param ? resolve(inline.param) : inline.text;
    if (inline.param && text === '') return null;
    runs.push({ text, strong: !!inline.strong, em: !!inline.em, value: !!inline.param });
  }
  return runs;
}

/**
 * A plan line's words for one day of the block's own plan (day 1 = the first day it applies):
 * the block's values filled in and, in the walking plan, that day's walk worked out.
 */
export function planText(
  inlines: Inline[],
  specs: ParameterSpec[],
  values: ParameterValues,
  context: RenderContext,
  blockDay: number,
): string {
  const extra = { 'today.walk-minutes': String(walkMinutesOn(values, blockDay)) };
  const runs = runsWith(inlines, resolver(specs, values, context, extra));
  return (runs ?? []).map((r) => r.text).join('');
}

/**
 * Drops a heading left with nothing under it (its lines all left out for want of a value): a
 * heading followed by the end, or by a heading of the same or a higher rank. From the end, so
 * a section whose only subsection went empty goes too.
 */
function withoutEmptySections(elements: RenderedElement[]): RenderedElement[] {
  const rank = (el: RenderedElement | undefined) =>
    el?.partial === 'el-heading' ? (el.level2 ? 2 : 3) : undefined;
  const kept: RenderedElement[] = [];
  for (let i = elements.length - 1; i >= 0; i--) {
    const own = rank(elements[i]);
    const next = kept[0];
    if (own !== undefined && (next === undefined || (rank(next) ?? 99) <= own)) continue;
    kept.unshift(elements[i]);
  }
  return kept;
}

export function formatValue(
  spec: ParameterSpec | undefined,
  value: number | string,
  locale: string,
): string {
  if (spec?.type === 'date' && typeof value === 'string') {
    const date = new Date(`${value}T00:00:00Z`);
    return new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(date);
  }
  if (typeof value === 'number')
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  return value;
}

const MAX_SCHEDULE_ROWS = 10;

/** The length of each walk on a day of the walking plan: a little longer each day, up to the target. */
/**
 * Each day's walks worked out from the walking plan's values, so no patient has to do the
 * sums: day 1 at the starting length, a little longer each day, then the target from the day
 * it is reached ("From day 9"). At most 10 rows: a slower build goes on as the block's text
 * says.
 */
export function walkMinutesOn(values: ParameterValues, day: number): number {
  const { start, step, target } = walkingValues(values);
  return Math.min(start + step * (day - 1), target);
}

function walkingValues(values: ParameterValues) {
  const num = (name: string, fallback: number) =>
    typeof values[name] === 'number' ? (values[name] as number) : fallback;
  const start = num('walk-minutes', 5);
  return {
    start,
    step: num('add-minutes-per-day', 2),
    target: Math.max(start, num('target-minutes', 30)),
    walks: num('walks-per-day', 3),
  };
}

export function walkingSchedule(
  values: ParameterValues,
  phrases: Phrases = phrasesFor('en'),
): {
  rows: { days: string; minutes: number; walks: number }[];
  target: number;
} {
  const { step, target, walks } = walkingValues(values);
  const rows: { days: string; minutes: number; walks: number }[] = [];
  for (let day = 1; day <= MAX_SCHEDULE_ROWS; day++) {
    const minutes = walkMinutesOn(values, day);
    if (minutes === target || step === 0) {
      rows.push({ days: phrases.t('document.schedule.fromDay', { day }), minutes, walks });
      break;
    }
    rows.push({ days: phrases.t('document.schedule.day', { day }), minutes, walks });
  }
  return { rows, target };
}

/** The words a reader reads, one sentence per line, for readability scores and plain-text copies. */
export function plainText(
  title: string,
  elements: RenderedElement[],
  phrases: Phrases = phrasesFor('en'),
): string {
  const lines: string[] = [sentence(title)];
  const text = (runs: TextRun[]) => runs.map((r) => r.text).join('');
  for (const el of elements) {
    switch (el.partial) {
      case 'el-heading':
      case 'el-paragraph':
        lines.push(sentence(text(el.runs)));
        break;
      case 'el-list':
        el.items.forEach((item) => lines.push(sentence(text(item))));
        break;
      case 'el-callout':
        lines.push(
          plainText(calloutLabel(el.tone, phrases), el.children, phrases)
            .split('\n')
            .slice(1)
            .join('\n'),
        );
        break;
      case 'el-table':
        [el.header, ...el.rows].forEach((row) => lines.push(sentence(row.map(text).join(', '))));
        break;
      case 'el-exercise-log':
      case 'el-image':
        break;
      case 'el-figure':
        lines.push(sentence(el.figure.caption));
        break;
      case 'el-walking-schedule':
        el.rows.forEach((r) =>
          lines.push(
            sentence(
              `${r.days}: ${phrases.t('document.schedule.walksOf', { walks: r.walks, minutes: r.minutes })}`,
            ),
          ),
        );
        break;
    }
  }
  return lines.filter(Boolean).join('\n');
}

/** Headings and list items end a thought even without a full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return /[.!?:]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
