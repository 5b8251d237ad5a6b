import { createHash } from 'node:crypto';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import {
  BlockElement,
  MarkupOptions,
  parseMarkup,
  placeholdersOf,
  WALKING_SCHEDULE_PARAMETERS,
} from './block-markup';
import { checkSpecs, defaultValues, MAX_LOG_DAYS, ParameterSpec } from './parameter-spec';
import { plainText, renderElements } from './block-render';
import { readability, Readability } from './readability';
import { spanishReadability } from './readability-es';
import { BASE_LANGUAGE, isLanguage, languages, phrasesFor } from '../../i18n/phrases';

export const CATEGORIES = [
  'about',
  'causes',
  'relief',
  'movement',
  'exercise',
  'medicines',
  'self-care',
  'prevention',
  'treatment-options',
  'warning-signs',
  'follow-up',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** A category as a person reads it: "treatment-options" → "Treatment options". */
export function categoryLabel(category: string): string {
  const words = category.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface Source {
  title: string;
  publisher: string;
  year: number;
}

/** Everything an editor writes for one version of a block. */
export interface BlockContent {
  key: string;
  category: Category;
  conditions: string[];
  title: string;
  summary: string;
  parameters: ParameterSpec[];
  sources: Source[];
  body: string;
}

export interface CheckedBlock {
  content: BlockContent;
  /** The language it is written in; a translation shares its English version's key, parameters and figures. */
  language: string;
  elements: BlockElement[];
  /** Flesch-Kincaid and SMOG, for English text. */
  readability: Readability;
  /** Szigriszt-Pazos perspicuity (INFLESZ scale), for Spanish text; null for English. */
  readingEase: number | null;
  /** Identifies the content; an import with an unchanged hash changes nothing. */
  contentHash: string;
  /** What word search looks in. */
  searchText: string;
}

const KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Splits "---\nfront matter\n---\nbody" (the block file format) into its parts. */
export function parseBlockFile(text: string): Record<string, unknown> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text.replace(/^\uFEFF/, ''));
  if (!match) throw new BlockContentError(['file: must start with front matter between --- lines']);
  let front: unknown;
  try {
    front = parseYaml(match[1]);
  } catch (error) {
    throw new BlockContentError([`front matter: ${(error as Error).message.split('\n')[0]}`]);
  }
  if (typeof front !== 'object' || front === null || Array.isArray(front)) {
    throw new BlockContentError(['front matter: must be a list of fields']);
  }
  return { ...(front as Record<string, unknown>), body: match[2] };
}

/** Writes a block back in the file format (for the editor's text box). */
export function toBlockFile(content: BlockContent): string {
  const { body, ...front } = content;
  return `---\n${toYaml(front, { lineWidth: 0 }).trim()}\n---\n${body.trim()}\n`;
}

export class BlockContentError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/**
 * Validates a block's content in full: fields, parameter declarations, body markup and
 * placeholders, then measures readability on the text rendered with default values.
 */
export function checkBlockContent(
  raw: Record<string, unknown>,
  options: MarkupOptions = {},
  english?: CheckedBlock,
): CheckedBlock {
  const problems: string[] = [];
  const language = raw.language === undefined ? BASE_LANGUAGE : raw.language;
  if (!isLanguage(language)) {
    throw new BlockContentError([`language: must be one of ${languages().join(', ')}`]);
  }
  if (language !== BASE_LANGUAGE) {
    if (!english)
      throw new BlockContentError([
        `language: a ${phrasesFor(language).englishName} version needs the block's approved English version first`,
      ]);
    raw = { ...inherited(raw, english.content, problems), language };
  }
  const str = (field: string, max: number): string => {
    const value = raw[field];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${field}: is required`);
    else if (value.length > max) problems.push(`${field}: must be at most ${max} characters`);
    return typeof value === 'string' ? value.trim() : '';
  };
  const key = str('key', 60);
  if (key && !KEY.test(key))
    problems.push('key: must be kebab-case letters and digits, like knee-to-chest');
  const category = str('category', 30) as Category;
  if (category && !CATEGORIES.includes(category))
    problems.push(`category: must be one of ${CATEGORIES.join(', ')}`);
  const title = str('title', 120);
  const summary = str('summary', 240);
  const conditions = Array.isArray(raw.conditions) ? raw.conditions : [];
  if (conditions.length === 0 || conditions.some((c) => typeof c !== 'string' || !KEY.test(c))) {
    problems.push('conditions: must list at least one condition key, like low-back-spasm');
  }
  const parameters = (raw.parameters ?? []) as ParameterSpec[];
  problems.push(...checkSpecs(parameters));
  const sources = checkSources(raw.sources, problems);
  const body = typeof raw.body === 'string' ? raw.body.trim() : '';
  if (body.length > 20_000) problems.push('body: must be at most 20,000 characters');
  const unknown = Object.keys(raw).filter(
    (k) =>
      ![
        'key',
        'category',
        'conditions',
        'title',
        'summary',
        'parameters',
        'sources',
        'body',
        'language',
      ].includes(k),
  );
  if (unknown.length) problems.push(`${unknown[0]}: is not a block field`);

  const names = Array.isArray(parameters)
    ? parameters.map((p) => p?.name).filter((n) => typeof n === 'string')
    : [];
  const { elements, problems: markup } = parseMarkup(body, names, options);
  problems.push(...markup);
  const days = Array.isArray(parameters) ? parameters.find((p) => p?.name === 'days') : undefined;
  if (body.includes('[[exercise-log]]') && typeof days?.max === 'number' && days.max > MAX_LOG_DAYS)
    problems.push(`parameters (days): max must be at most ${MAX_LOG_DAYS} for the exercise log`);
  const missing = WALKING_SCHEDULE_PARAMETERS.filter((p) => !names.includes(p));
  if (body.includes('[[walking-schedule]]') && missing.length)
    problems.push(
      `body: [[walking-schedule]] needs the integer parameters ${WALKING_SCHEDULE_PARAMETERS.join(', ')} (missing: ${missing.join(', ')})`,
    );
  if (english) problems.push(...translationProblems(english.elements, elements, language));
  if (problems.length) throw new BlockContentError(problems);

  const content: BlockContent = {
    key,
    category,
    conditions: conditions as string[],
    title,
    summary,
    parameters,
    sources,
    body,
  };
  const used = placeholdersOf(elements);
  const unused = parameters.filter(
    (p) => !used.has(p.name) && !(p.name === 'days' && body.includes('[[exercise-log]]')),
  );
  if (unused.length)
    throw new BlockContentError([
      `parameters: ${unused[0].name} is declared but the body never uses it`,
    ]);
  const phrases = phrasesFor(language);
  const rendered = renderElements(elements, parameters, defaultValues(parameters), {
    clinic: { name: phrases.t('document.sampleClinic'), phone: '555 0100' },
    exerciseTitles: [],
    locale: phrases.locale,
    phrases,
  });
  const text = plainText(title, rendered, phrases);
  return {
    content,
    language,
    elements,
    readability: readability(text),
    readingEase: language === 'es' ? spanishReadability(text).perspicuity : null,
    // English hashes stay as they were before languages, so an import changes nothing.
    contentHash: hashContent(language === BASE_LANGUAGE ? content : { ...content, language }),
    searchText: `${key} ${title} ${summary} ${body}`.toLowerCase(),
  };
}

/**
 * A translation's shared fields come from its English version: category, conditions and
 * parameters (names, types, limits, defaults; the labels are the clinician's and stay English).
 * Given anyway (an editor sending back the whole file), they must match.
 */
function inherited(
  raw: Record<string, unknown>,
  english: BlockContent,
  problems: string[],
): Record<string, unknown> {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const shared = (spec: ParameterSpec) => {
    const { label: _label, unit: _unit, ...rest } = spec as ParameterSpec & { unit?: string };
    return rest;
  };
  if (raw.category !== undefined && raw.category !== english.category)
    problems.push(`category: must match the English version's (${english.category})`);
  if (raw.conditions !== undefined && !same(raw.conditions, english.conditions))
    problems.push(
      `conditions: must match the English version's (${english.conditions.join(', ')})`,
    );
  if (
    raw.parameters !== undefined &&
    (!Array.isArray(raw.parameters) ||
      !same((raw.parameters as ParameterSpec[]).map(shared), english.parameters.map(shared)))
  )
    problems.push(
      "parameters: must match the English version's names, types and limits; change them there first",
    );
  return {
    ...raw,
    category: english.category,
    conditions: english.conditions,
    parameters: english.parameters,
  };
}

/**
 * What a translation must keep from its English version, so no value, picture or warning is
 * lost in another language: every placeholder, the same figures and pictures, the exercise log
 * and walking table, the plan line, and each emergency box with as many signs.
 */
function translationProblems(
  english: BlockElement[],
  translated: BlockElement[],
  language: string,
): string[] {
  const name = phrasesFor(language).englishName;
  const problems: string[] = [];
  const ours = placeholdersOf(translated);
  const missing = [...placeholdersOf(english)].filter((p) => !ours.has(p));
  if (missing.length)
    problems.push(
      `body: the English version uses {{${missing.join('}}, {{')}}}; the ${name} version must too`,
    );
  const shape = (elements: BlockElement[]) => {
    const all = flatElements(elements);
    return {
      figures: all
        .filter((e) => e.kind === 'figure' || e.kind === 'image')
        .map((e) => `[[${e.kind}:${(e as { name: string }).name}]]`)
        .sort()
        .join(' '),
      tools: all
        .filter(
          (e) => e.kind === 'exercise-log' || e.kind === 'walking-schedule' || e.kind === 'plan',
        )
        .map((e) =>
          e.kind === 'plan'
            ? `[[plan${e.daysParam ? ` for {{${e.daysParam}}} days` : ''}]]`
            : `[[${e.kind}]]`,
        )
        .sort()
        .join(' '),
      emergency: elements
        .filter((e) => e.kind === 'callout' && e.tone === 'emergency')
        .map((e) =>
          flatElements((e as { children: BlockElement[] }).children)
            .filter((c) => c.kind === 'list')
            .reduce((n, c) => n + (c as { items: unknown[] }).items.length, 0),
        ),
    };
  };
  const a = shape(english);
  const b = shape(translated);
  if (a.figures !== b.figures)
    problems.push(
      `body: the English version shows ${a.figures || 'no pictures'}; the ${name} version must show the same (it has ${b.figures || 'none'})`,
    );
  if (a.tools !== b.tools)
    problems.push(
      `body: the English version has ${a.tools || 'no log, walking table or plan line'}; the ${name} version must have the same (it has ${b.tools || 'none'})`,
    );
  if (a.emergency.join() !== b.emergency.join())
    problems.push(
      `body: the English version's emergency boxes list ${a.emergency.join(', ') || 'no'} signs; the ${name} version's must list as many (it has ${b.emergency.join(', ') || 'none'})`,
    );
  return problems;
}

function flatElements(elements: BlockElement[]): BlockElement[] {
  return elements.flatMap((e) => (e.kind === 'callout' ? [e, ...flatElements(e.children)] : [e]));
}

function checkSources(raw: unknown, problems: string[]): Source[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push('sources: list at least one source (title, publisher, year)');
    return [];
  }
  raw.forEach((s, i) => {
    const source = s as Partial<Source>;
    if (typeof source?.title !== 'string' || !source.title.trim())
      problems.push(`sources[${i}]: title is required`);
    if (typeof source?.publisher !== 'string' || !source.publisher.trim())
      problems.push(`sources[${i}]: publisher is required`);
    if (typeof source?.year !== 'number' || source.year < 1900 || source.year > 2100)
      problems.push(`sources[${i}]: year must be a year`);
  });
  return raw as Source[];
}

function hashContent(content: BlockContent & { language?: string }): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** The columns of a block version that come from its checked content. */
export function blockVersionFields(checked: CheckedBlock) {
  const { content, readability, contentHash, searchText, language, readingEase } = checked;
  const english = language === BASE_LANGUAGE;
  return {
    language,
    title: content.title,
    summary: content.summary,
    category: content.category,
    conditions: content.conditions,
    body: content.body,
    parameters: content.parameters,
    sources: content.sources,
    // The English formulas measure English; another language has its own score.
    readingGrade: english ? readability.fleschKincaidGrade : null,
    smogGrade: english ? readability.smogGrade : null,
    readingEase,
    contentHash,
    searchText,
  };
}
