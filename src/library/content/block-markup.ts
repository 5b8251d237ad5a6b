import type { CalloutTone } from '../../rendering/view-model';
import { FIGURE_NAMES } from '../../figures/figures';
import { IMAGE_NAME } from '../../images/image-name';

/**
 * The block body format: a small, safe subset of Markdown that editors write and review as text.
 *
 *   ## Heading / ### Subheading       paragraphs separated by blank lines
 *   - bullet / 1. numbered            **strong**, *emphasis*, {{parameter}} placeholders
 *   > [!WARNING] / [!TIP] / [!EMERGENCY] callouts, their lines starting with "> "
 *   | pipe | tables |                 [[exercise-log]] (the tick-box chart)
 *                                     [[walking-schedule]] (each day's walk, worked out)
 *   [[figure:knee-to-chest-one]]      a drawing of the figure set (src/figures/figure-set.ts)
 *   [[image:our-photo]]               a picture the clinic uploaded (its own blocks only)
 *   [[plan: Label | what to do today, with {{placeholders}}]]
 *   [[plan for {{days}} days: Label | …]]
 *                                     the block's line in the day-by-day plan (see below)
 *
 * Nothing else exists: no HTML, no links, no Markdown images, no code. Parsing yields plain
 * data; only the renderer's escaped templates turn it into HTML.
 */

export interface Inline {
  text: string;
  strong?: boolean;
  em?: boolean;
  /** A placeholder: `text` is empty until rendered with a value. */
  param?: string;
}

export type { CalloutTone };

export type BlockElement =
  | { kind: 'heading'; level: 2 | 3; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'callout'; tone: CalloutTone; children: BlockElement[] }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'exercise-log' }
  | { kind: 'walking-schedule' }
  | { kind: 'figure'; name: string }
  | { kind: 'image'; name: string }
  | PlanLine;

/**
 * A block's line in the handout's day-by-day plan (not drawn in the document itself): a short
 * label for the printed table's column and what to do that day. `for {{days}} days` limits it
 * to the first days the block applies, by one of the block's parameters; in a block with the
 * walking plan's parameters, {{today.walk-minutes}} is that day's walk, worked out.
 */
export interface PlanLine {
  kind: 'plan';
  label: string;
  text: Inline[];
  daysParam?: string;
}

/** Placeholders only a plan line may use: values that change by the day. */
export const PLAN_PLACEHOLDERS = ['today.walk-minutes'];
const PLAN_LINE =
  /^\[\[plan(?:\s+for\s+\{\{\s*([A-Za-z0-9-]+)\s*\}\}\s+days)?\s*:\s*([^|\]]*?)\s*\|\s*(.*?)\s*\]\]$/;
const MAX_PLAN_LABEL = 24;

/** What a body may place besides text: the clinic's uploaded pictures, by name. */
export interface MarkupOptions {
  /**
   * The clinic's picture names. Absent where no clinic is concerned (the shared library),
   * and then any [[image:…]] is refused. `saved` reads content already checked when it was
   * saved: its pictures are drawn if the clinic still has them.
   */
  images?: ReadonlySet<string> | 'saved';
}

/** For parsing saved, approved content. */
export const SAVED_CONTENT: MarkupOptions = { images: 'saved' };

/** The clinic pictures parsed elements place, to fetch them for drawing. */
export function imageNamesOf(elements: BlockElement[]): string[] {
  return elements.flatMap((e) => (e.kind === 'image' ? [e.name] : []));
}

/** The picture names a body refers to, to look them up before it is checked. */
export function imageNamesIn(body: string): string[] {
  return [
    ...new Set([...body.matchAll(/^\s*\[\[image:([^\]]*)\]\]\s*$/gm)].map((m) => m[1].trim())),
  ];
}

/** The parameters [[walking-schedule]] works the days out from. */
export const WALKING_SCHEDULE_PARAMETERS = [
  'walk-minutes',
  'add-minutes-per-day',
  'target-minutes',
  'walks-per-day',
];

/**
 * Placeholders every block may use besides its own parameters: the clinic's settings and the
 * handout's one review date (so no two blocks can name different days).
 */
export const CONTEXT_PLACEHOLDERS = [
  'clinic.name',
  'clinic.phone',
  'clinic.emergencyNumber',
  'clinic.outOfHours',
  'clinic.weightUnit',
  'handout.reviewDate',
  'handout.followUpDate',
];

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9.-]+)\s*\}\}/g;
const TONES: Record<string, CalloutTone> = {
  WARNING: 'warning',
  TIP: 'tip',
  EMERGENCY: 'emergency',
};

export interface ParsedMarkup {
  elements: BlockElement[];
  problems: string[];
}

/** Parses a body; every problem names what is wrong and where ("body line 4: …"). */
export function parseMarkup(
  body: string,
  declared: string[],
  options: MarkupOptions = {},
): ParsedMarkup {
  const problems: string[] = [];
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  checkForbidden(lines, declared, problems);
  const elements = parseLines(lines, 0, problems, true, options);
  if (elements.filter((e) => e.kind !== 'plan').length === 0)
    problems.push('body: must not be empty');
  checkPlanLines(elements, declared, problems);
  return { elements, problems };
}

function checkForbidden(lines: string[], declared: string[], problems: string[]): void {
  const allowed = new Set([...declared, ...CONTEXT_PLACEHOLDERS]);
  const inPlan = new Set([...allowed, ...PLAN_PLACEHOLDERS]);
  lines.forEach((line, i) => {
    const at = `body line ${i + 1}`;
    const names = line.trim().startsWith('[[plan') ? inPlan : allowed;
    const tag = /<\s*[A-Za-z!/?][^>]*>?/.exec(line);
    if (tag) problems.push(`${at}: HTML is not allowed (found "${tag[0].slice(0, 20)}")`);
    if (/!\[[^\]]*\]\(/.test(line)) problems.push(`${at}: images are not allowed`);
    else if (/\[[^\]]*\]\([^)]*\)/.test(line)) problems.push(`${at}: links are not allowed`);
    // "data:", "javascript:" and the like are only words here: with no links, images or HTML
    // and every text escaped, an address has nowhere to go.
    if (line.includes('{{{') || line.includes('}}}'))
      problems.push(`${at}: use {{name}} for placeholders`);
    for (const match of line.matchAll(PLACEHOLDER)) {
      if (!names.has(match[1]))
        problems.push(
          PLAN_PLACEHOLDERS.includes(match[1])
            ? `${at}: {{${match[1]}}} can only be used in a [[plan: …]] line`
            : `${at}: {{${match[1]}}} names no declared parameter`,
        );
    }
    const stray = line.replace(PLACEHOLDER, '');
    if (/\{\{|\}\}/.test(stray))
      problems.push(`${at}: a placeholder is not closed or not a parameter name`);
  });
}

function parseLines(
  lines: string[],
  offset: number,
  problems: string[],
  topLevel: boolean,
  options: MarkupOptions = {},
): BlockElement[] {
  const elements: BlockElement[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length)
      elements.push({
        kind: 'paragraph',
        inlines: parseInline(paragraph.join(' ')),
      });
    if (list)
      elements.push({
        kind: 'list',
        ordered: list.ordered,
        items: list.items.map((t) => parseInline(t)),
      });
    paragraph = [];
    list = null;
  };
  const where = (i: number) => `body line ${offset + i + 1}`;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trimEnd();
    const trimmed = line.trim();
    if (trimmed === '') {
      flush();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
    if (heading) {
      flush();
      if (!topLevel) problems.push(`${where(i)}: headings are not allowed inside a callout`);
      else if (heading[1].length < 2 || heading[1].length > 3)
        problems.push(
          `${where(i)}: use ## or ### for headings (the block title is the top heading)`,
        );
      else
        elements.push({
          kind: 'heading',
          level: heading[1].length as 2 | 3,
          inlines: parseInline(heading[2]),
        });
      continue;
    }
    if (trimmed.startsWith('>')) {
      flush();
      if (!topLevel) {
        problems.push(`${where(i)}: callouts cannot be nested`);
        continue;
      }
      const start = i;
      const tone = /^>\s*\[!(\w+)\]\s*$/.exec(trimmed);
      if (!tone || !TONES[tone[1].toUpperCase()]) {
        problems.push(
          `${where(i)}: a callout starts with "> [!WARNING]", "> [!TIP]" or "> [!EMERGENCY]"`,
        );
      }
      const inner: string[] = [];
      while (i + 1 < lines.length && lines[i + 1].trim().startsWith('>'))
        inner.push(lines[++i].trim().replace(/^>\s?/, ''));
      if (tone && TONES[tone[1].toUpperCase()]) {
        const children = parseLines(inner, offset + start + 1, problems, false);
        if (children.length === 0) problems.push(`${where(start)}: the callout is empty`);
        elements.push({ kind: 'callout', tone: TONES[tone[1].toUpperCase()], children });
      }
      continue;
    }
    if (trimmed.startsWith('|')) {
      flush();
      const rows: string[] = [];
      const start = i;
      rows.push(trimmed);
      while (i + 1 < lines.length && lines[i + 1].trim().startsWith('|'))
        rows.push(lines[++i].trim());
      const table = parseTable(rows, problems, where(start));
      if (table) elements.push(table);
      continue;
    }
    if (/^\[\[.*\]\]$/.test(trimmed)) {
      flush();
      const picture = /^\[\[(figure|image):(.*)\]\]$/.exec(trimmed);
      if (!topLevel)
        problems.push(`${where(i)}: ${trimmed} must be on its own line, outside a callout`);
      else if (trimmed === '[[exercise-log]]') elements.push({ kind: 'exercise-log' });
      else if (trimmed === '[[walking-schedule]]') elements.push({ kind: 'walking-schedule' });
      else if (trimmed.startsWith('[[plan')) {
        const plan = planLine(trimmed);
        if (typeof plan === 'string') problems.push(`${where(i)}: ${plan}`);
        else elements.push(plan);
      } else if (picture) {
        const problem = pictureProblem(
          picture[1] as 'figure' | 'image',
          picture[2].trim(),
          options,
        );
        if (problem) problems.push(`${where(i)}: ${problem}`);
        else elements.push({ kind: picture[1] as 'figure' | 'image', name: picture[2].trim() });
      } else
        problems.push(
          `${where(i)}: unknown element ${trimmed} (only [[exercise-log]], [[walking-schedule]], [[plan: …]], [[figure:name]] and [[image:name]] exist)`,
        );
      continue;
    }
    const bullet = /^[-*]\s+(.*)$/.exec(trimmed);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(trimmed);
    if (bullet || numbered) {
      const ordered = !!numbered;
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]);
      continue;
    }
    if (list) {
      // A line under a list item continues that item.
      list.items[list.items.length - 1] += ` ${trimmed}`;
      continue;
    }
    paragraph.push(trimmed);
  }
  flush();
  return elements;
}

/** A plan line, or what is wrong with it. */
function planLine(line: string): PlanLine | string {
  const match = PLAN_LINE.exec(line);
  if (!match)
    return 'a plan line reads [[plan: Label | what to do]] or [[plan for {{days}} days: Label | what to do]]';
  const [, daysParam, label, text] = match;
  if (!label) return 'a plan line needs a short label before the "|"';
  if (label.length > MAX_PLAN_LABEL)
    return `a plan line’s label is at most ${MAX_PLAN_LABEL} characters (it heads a column of the printed plan)`;
  if (/[{}*]/.test(label))
    return 'a plan line’s label is plain words, without placeholders or emphasis';
  if (!text) return 'a plan line needs what to do after the "|"';
  return { kind: 'plan', label, text: parseInline(text), ...(daysParam ? { daysParam } : {}) };
}

function checkPlanLines(elements: BlockElement[], declared: string[], problems: string[]): void {
  const plans = elements.filter((e): e is PlanLine => e.kind === 'plan');
  if (plans.length > 1) problems.push('body: a block has at most one [[plan: …]] line');
  for (const plan of plans) {
    if (plan.daysParam && !declared.includes(plan.daysParam))
      problems.push(`body: [[plan for {{${plan.daysParam}}} days]] names no declared parameter`);
    const usesWalk = plan.text.some((r) => r.param === 'today.walk-minutes');
    if (usesWalk && !WALKING_SCHEDULE_PARAMETERS.every((p) => declared.includes(p)))
      problems.push(
        `body: {{today.walk-minutes}} needs the walking plan’s parameters (${WALKING_SCHEDULE_PARAMETERS.join(', ')})`,
      );
  }
}

/** The block's line in the day-by-day plan, if it has one. */
export function planLineOf(elements: BlockElement[]): PlanLine | undefined {
  return elements.find((e): e is PlanLine => e.kind === 'plan');
}

function pictureProblem(
  kind: 'figure' | 'image',
  name: string,
  options: MarkupOptions,
): string | null {
  if (kind === 'figure')
    return FIGURE_NAMES.includes(name)
      ? null
      : `unknown figure "${name}" (the figure set has: ${FIGURE_NAMES.join(', ')})`;
  if (!IMAGE_NAME.test(name))
    return `[[image:${name}]] needs a picture name in lower-case letters, digits and dashes`;
  if (!options.images)
    return 'pictures uploaded by a clinic can only be used in that clinic’s own blocks';
  return options.images === 'saved' || options.images.has(name)
    ? null
    : `this clinic has no picture called "${name}" (upload it under Library, Pictures)`;
}

function parseTable(rows: string[], problems: string[], at: string): BlockElement | null {
  const cells = (row: string) =>
    row
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
  if (rows.length < 2 || !/^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(rows[1])) {
    problems.push(`${at}: a table needs a header row, then a separator row like |---|---|`);
    return null;
  }
  const header = cells(rows[0]);
  const body = rows.slice(2).map(cells);
  if (body.some((r) => r.length !== header.length))
    problems.push(`${at}: every table row needs ${header.length} cells`);
  return {
    kind: 'table',
    header: header.map((c) => parseInline(c)),
    rows: body.map((r) => r.map((c) => parseInline(c))),
  };
}

/** A run of asterisks, and whether it can open or close emphasis (CommonMark's flanking rules). */
interface Delimiter {
  kind: 'delimiter';
  length: number;
  canOpen: boolean;
  canClose: boolean;
  /** Its partner's index once paired; unpaired runs are plain text. */
  pair?: number;
}
type Token = { kind: 'text'; text: string } | { kind: 'param'; name: string } | Delimiter;

const PUNCTUATION = /[\p{P}\p{S}]/u;
const SPACE = /\s/u;

/**
 * `**strong**`, `*emphasis*` and `{{placeholder}}`, as flat runs. Asterisks follow CommonMark's
 * rules for "_": a run is emphasis only when it can open (the next character is not a space,
 * and it is not inside a word or number), a later run can close it, and both are the same
 * length; any other asterisk is just a character, so prose such as "0 * 10", "2*3" or
 * "5 * 3 = 15" reads as written.
 */
function parseInline(text: string): Inline[] {
  const tokens = tokenize(text);
  pairDelimiters(tokens);
  const runs: Inline[] = [];
  let strong = false;
  let em = false;
  let buffer = '';
  const push = () => {
    if (buffer) runs.push(withFlags({ text: buffer }, strong, em));
    buffer = '';
  };
  for (const token of tokens) {
    if (token.kind === 'text') buffer += token.text;
    else if (token.kind === 'param') {
      push();
      runs.push(withFlags({ text: '', param: token.name }, strong, em));
    } else if (token.pair === undefined) buffer += '*'.repeat(token.length);
    else {
      push();
      if (token.length === 2) strong = !strong;
      else em = !em;
    }
  }
  push();
  return runs;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length;) {
    if (text[i] === '*') {
      let end = i;
      while (text[end] === '*') end++;
      const before = i === 0 ? ' ' : text[i - 1];
      const after = end >= text.length ? ' ' : text[end];
      const leftFlanking =
        !SPACE.test(after) &&
        (!PUNCTUATION.test(after) || SPACE.test(before) || PUNCTUATION.test(before));
      const rightFlanking =
        !SPACE.test(before) &&
        (!PUNCTUATION.test(before) || SPACE.test(after) || PUNCTUATION.test(after));
      const length = end - i;
      // As CommonMark treats "_": never inside a word or number, so "2*3" stays arithmetic.
      tokens.push({
        kind: 'delimiter',
        length,
        canOpen: leftFlanking && (!rightFlanking || PUNCTUATION.test(before)) && length <= 2,
        canClose: rightFlanking && (!leftFlanking || PUNCTUATION.test(after)) && length <= 2,
      });
      i = end;
    } else if (text.startsWith('{{', i) && text.indexOf('}}', i) !== -1) {
      const end = text.indexOf('}}', i);
      tokens.push({ kind: 'param', name: text.slice(i + 2, end).trim() });
      i = end + 2;
    } else {
      let end = i + 1;
      while (end < text.length && text[end] !== '*' && !text.startsWith('{{', end)) end++;
      tokens.push({ kind: 'text', text: text.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

/** Pairs each closing run with the nearest open run of the same length before it. */
function pairDelimiters(tokens: Token[]): void {
  const open: number[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'delimiter') return;
    if (token.canClose) {
      for (let k = open.length - 1; k >= 0; k--) {
        const opener = tokens[open[k]] as Delimiter;
        if (opener.length !== token.length) continue;
        opener.pair = index;
        token.pair = open[k];
        open.length = k; // runs opened inside an unclosed pair stay plain text
        return;
      }
    }
    if (token.canOpen) open.push(index);
  });
}

function withFlags(run: Inline, strong: boolean, em: boolean): Inline {
  if (strong) run.strong = true;
  if (em) run.em = true;
  return run;
}

/** Every placeholder a body uses. */
export function placeholdersOf(elements: BlockElement[]): Set<string> {
  const found = new Set<string>();
  const visit = (runs: Inline[]) => runs.forEach((r) => r.param && found.add(r.param));
  for (const el of elements) {
    if (el.kind === 'heading' || el.kind === 'paragraph') visit(el.inlines);
    else if (el.kind === 'list') el.items.forEach(visit);
    else if (el.kind === 'table') [el.header, ...el.rows].forEach((row) => row.forEach(visit));
    else if (el.kind === 'callout') placeholdersOf(el.children).forEach((p) => found.add(p));
    else if (el.kind === 'walking-schedule')
      WALKING_SCHEDULE_PARAMETERS.forEach((p) => found.add(p));
    else if (el.kind === 'plan') {
      visit(el.text);
      if (el.daysParam) found.add(el.daysParam);
    }
  }
  return found;
}
