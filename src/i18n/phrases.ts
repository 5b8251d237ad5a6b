import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../config/paths';

/**
 * What patients read around the clinical text (the portal's bar and forms, its error pages, the
 * printout's labels and footer, the figures' captions) in each language the portal speaks. One
 * file per language, `src/i18n/phrases/<code>.yaml`: adding a language is that file plus the
 * blocks written in it (src/library/starter/blocks/<code>/); no code changes.
 *
 * Phrases are ICU messages (intl-messageformat): `{day}` puts in a value, and
 * `{count, plural, one {# day} other {# days}}` agrees with a number.
 */

export const PHRASES_DIR = join(PROJECT_ROOT, 'src', 'i18n', 'phrases');

/** The language every block is written in first, and every other language's fallback for nothing. */
export const BASE_LANGUAGE = 'en';

export interface Phrases {
  /** The language code ("es"): `lang` on documents, the block versions' language. */
  language: string;
  /** The language's name in itself ("Español"), and in English for staff ("Spanish"). */
  name: string;
  englishName: string;
  /** Dates and numbers: an Intl locale ("es-US"). */
  locale: string;
  /** The phrase at a dotted key, with values put in; throws for a key the file lacks. */
  t(key: string, values?: Record<string, string | number>): string;
  /** Whether the file has the key (for optional phrases such as a figure's caption). */
  has(key: string): boolean;
}

interface PhraseFile {
  language: { name: string; englishName: string; locale: string };
  [section: string]: unknown;
}

const cache = new Map<string, Phrases>();
let known: string[] | null = null;

/** The languages the portal speaks: one phrases file each, English first. */
export function languages(): string[] {
  known ??= readdirSync(PHRASES_DIR)
    .filter((f) => /^[a-z]{2,3}\.yaml$/.test(f))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort((a, b) => (a === BASE_LANGUAGE ? -1 : b === BASE_LANGUAGE ? 1 : a.localeCompare(b)));
  return known;
}

export function isLanguage(code: unknown): code is string {
  return typeof code === 'string' && languages().includes(code);
}

/** The phrases of a language; English for a code the portal does not speak. */
export function phrasesFor(language: string): Phrases {
  const code = isLanguage(language) ? language : BASE_LANGUAGE;
  let phrases = cache.get(code);
  if (!phrases) {
    phrases = load(code);
    cache.set(code, phrases);
  }
  return phrases;
}

/** Every dotted key of a language's file (for the test that holds each file to English's keys). */
export function phraseKeys(language: string): string[] {
  return flatten(readFile(language)).map(([key]) => key);
}

function load(code: string): Phrases {
  const file = readFile(code);
  const entries = new Map(flatten(file));
  const { name, englishName, locale } = file.language;
  const compiled = new Map<string, IntlMessageFormat>();
  const message = (key: string): IntlMessageFormat => {
    let format = compiled.get(key);
    if (!format) {
      const text = entries.get(key);
      if (text === undefined) throw new Error(`phrases/${code}.yaml has no phrase "${key}"`);
      format = new IntlMessageFormat(text, locale);
      compiled.set(key, format);
    }
    return format;
  };
  return {
    language: code,
    name,
    englishName,
    locale,
    t: (key, values) => String(message(key).format(values)),
    has: (key) => entries.has(key),
  };
}

function readFile(code: string): PhraseFile {
  const file = parseYaml(readFileSync(join(PHRASES_DIR, `${code}.yaml`), 'utf8')) as PhraseFile;
  if (!file?.language?.name || !file.language.locale)
    throw new Error(`phrases/${code}.yaml: language.name and language.locale are required`);
  return file;
}

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}
