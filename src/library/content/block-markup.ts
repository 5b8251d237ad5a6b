/**
 * The block body format: a small, safe subset of Markdown that editors write and review as text.
 *
 *   ## Heading / ### Subheading       paragraphs separated by blank lines
 *   - bullet / 1. numbered            **strong**, *emphasis*, {{parameter}} placeholders
 *   > [!WARNING] / [!TIP] / [!EMERGENCY] callouts, their lines starting with "> "
 *   | pipe | tables |                 [[exercise-log]] (the tick-box chart)
 *
 * Nothing else exists: no HTML, no links, no images, no code. Parsing yields plain data;
 * only the renderer's escaped templates turn it into HTML.
 */

export interface Inline {
  text: string;
  strong?: boolean;
  em?: boolean;
  /** A placeholder: `text` is empty until rendered with a value. */
  param?: string;
}

export type CalloutTone = 'warning' | 'tip' | 'emergency';

export type BlockElement =
  | { kind: 'heading'; level: 2 | 3; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'callout'; tone: CalloutTone; children: BlockElement[] }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'exercise-log' };

/** Placeholders every block may use besides its own parameters. */
const CONTEXT_PLACEHOLDERS = ['clinic.name', 'clinic.phone'];

const PLACEHOLDER = /\{\{\s*([a-z0-9.-]+)\s*\}\}/g;
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
export function parseMarkup(body: string, declared: string[]): ParsedMarkup {
  const problems: string[] = [];
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  checkForbidden(lines, declared, problems);
  const elements = parseLines(lines, 0, problems, true);
  if (elements.length === 0) problems.push('body: must not be empty');
  return { elements, problems };
}

function checkForbidden(lines: string[], declared: string[], problems: string[]): void {
  const allowed = new Set([...declared, ...CONTEXT_PLACEHOLDERS]);
  lines.forEach((line, i) => {
    const at = `body line ${i + 1}`;
    const tag = /<\s*[A-Za-z!/?][^>]*>?/.exec(line);
    if (tag) problems.push(`${at}: HTML is not allowed (found "${tag[0].slice(0, 20)}")`);
    if (/!\[[^\]]*\]\(/.test(line)) problems.push(`${at}: images are not allowed`);
    else if (/\[[^\]]*\]\([^)]*\)/.test(line)) problems.push(`${at}: links are not allowed`);
    if (/(^|[^a-z])(javascript|data|vbscript):/i.test(line))
      problems.push(`${at}: script addresses are not allowed`);
    if (line.includes('{{{') || line.includes('}}}'))
      problems.push(`${at}: use {{name}} for placeholders`);
    for (const match of line.matchAll(PLACEHOLDER)) {
      if (!allowed.has(match[1]))
        problems.push(`${at}: {{${match[1]}}} names no declared parameter`);
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
): BlockElement[] {
  const elements: BlockElement[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  let startedAt = 0;

  const flush = () => {
    if (paragraph.length)
      elements.push({
        kind: 'paragraph',
        inlines: parseInline(paragraph.join(' '), problems, where(startedAt)),
      });
    if (list)
      elements.push({
        kind: 'list',
        ordered: list.ordered,
        items: list.items.map((t) => parseInline(t, problems, where(startedAt))),
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
          inlines: parseInline(heading[2], problems, where(i)),
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
      if (trimmed === '[[exercise-log]]' && topLevel) elements.push({ kind: 'exercise-log' });
      else problems.push(`${where(i)}: unknown element ${trimmed} (only [[exercise-log]] exists)`);
      continue;
    }
    const bullet = /^[-*]\s+(.*)$/.exec(trimmed);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(trimmed);
    if (bullet || numbered) {
      const ordered = !!numbered;
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      if (!list) startedAt = i;
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]);
      continue;
    }
    if (list) {
      // A line under a list item continues that item.
      list.items[list.items.length - 1] += ` ${trimmed}`;
      continue;
    }
    if (paragraph.length === 0) startedAt = i;
    paragraph.push(trimmed);
  }
  flush();
  return elements;
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
    header: header.map((c) => parseInline(c, problems, at)),
    rows: body.map((r) => r.map((c) => parseInline(c, problems, at))),
  };
}

/** `**strong**`, `*emphasis*` and `{{placeholder}}`, as flat runs. */
function parseInline(text: string, problems: string[], at: string): Inline[] {
  const runs: Inline[] = [];
  let strong = false;
  let em = false;
  let buffer = '';
  const push = () => {
    if (buffer) runs.push(withFlags({ text: buffer }, strong, em));
    buffer = '';
  };
  for (let i = 0; i < text.length;) {
    if (text.startsWith('**', i)) {
      push();
      strong = !strong;
      i += 2;
    } else if (text[i] === '*') {
      push();
      em = !em;
      i += 1;
    } else if (text.startsWith('{{', i)) {
      const end = text.indexOf('}}', i);
      if (end === -1) {
        buffer += text.slice(i);
        break;
      }
      push();
      runs.push(withFlags({ text: '', param: text.slice(i + 2, end).trim() }, strong, em));
      i = end + 2;
    } else {
      buffer += text[i++];
    }
  }
  push();
  if (strong) problems.push(`${at}: ** is opened but not closed`);
  if (em) problems.push(`${at}: * is opened but not closed`);
  return runs;
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
  }
  return found;
}
