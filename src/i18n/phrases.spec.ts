import { IntlMessageFormat } from 'intl-messageformat';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FIGURE_SET } from '../figures/figure-set';
import { BASE_LANGUAGE, languages, phraseKeys, PHRASES_DIR, phrasesFor } from './phrases';

const files = new Map<string, unknown>();

/** A message as written in its language's file. */
function messageOf(code: string, key: string): string {
  if (!files.has(code))
    files.set(code, parseYaml(readFileSync(join(PHRASES_DIR, `${code}.yaml`), 'utf8')));
  let value = files.get(code);
  for (const part of key.split('.')) value = (value as Record<string, unknown>)[part];
  return value as string;
}

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }> };

/** A message's arguments by name, with the kind of value each takes (numbers for plurals). */
function argumentsOf(code: string, key: string): Map<string, 'number' | 'text'> {
  const found = new Map<string, 'number' | 'text'>();
  const walk = (elements: Element[]) => {
    for (const el of elements) {
      // Element types of @formatjs/icu-messageformat-parser: 1 argument, 2 number, 5 select, 6 plural.
      if (el.type === 1 || el.type === 5) found.set(el.value!, found.get(el.value!) ?? 'text');
      if (el.type === 2 || el.type === 6) found.set(el.value!, 'number');
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  const message = new IntlMessageFormat(messageOf(code, key), phrasesFor(code).locale);
  walk(message.getAst() as Element[]);
  return found;
}

const keysOf = (code: string) => phraseKeys(code).filter((key) => !key.startsWith('language.'));
const others = languages().filter((code) => code !== BASE_LANGUAGE);

describe(phrasesFor.name, () => {
  it('speaks English first, and Spanish', () => {
    expect(languages()[0]).toBe(BASE_LANGUAGE);
    expect(languages()).toContain('es');
  });

  it.each(others)('%s has every key of English, and none but figures.* besides', (code) => {
    const english = keysOf(BASE_LANGUAGE);
    const keys = keysOf(code);
    expect(english.filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys.filter((key) => !english.includes(key) && !key.startsWith('figures.'))).toEqual([]);
  });

  it.each(languages())('every %s message parses and formats with sample values', (code) => {
    const phrases = phrasesFor(code);
    for (const key of keysOf(code)) {
      const args = argumentsOf(code, key);
      const values = Object.fromEntries(
        [...args].map(([name, kind]) => [name, kind === 'number' ? 3 : `‹${name}›`]),
      );
      const text = phrases.t(key, values);
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/[{}]/);
      for (const [name, kind] of args) if (kind === 'text') expect(text).toContain(`‹${name}›`);
      // The values English takes: templates and code pass the same ones in every language.
      if (code !== BASE_LANGUAGE && !key.startsWith('figures.'))
        expect([...args.keys()].sort()).toEqual([...argumentsOf(BASE_LANGUAGE, key).keys()].sort());
    }
  });

  it('has a Spanish caption and text alternative for every figure, and for no other', () => {
    const spanish = phrasesFor('es');
    const missing = FIGURE_SET.flatMap((figure) =>
      [`figures.${figure.name}.caption`, `figures.${figure.name}.alt`].filter(
        (key) => !spanish.has(key) || spanish.t(key).trim() === '',
      ),
    );
    expect(missing).toEqual([]);
    const names = new Set(FIGURE_SET.map((f) => f.name));
    expect(
      keysOf('es').filter((key) => key.startsWith('figures.') && !names.has(key.split('.')[1])),
    ).toEqual([]);
  });

  it('puts values in, agrees with numbers, and answers English for a language it does not speak', () => {
    expect(phrasesFor('es').t('checkIn.today', { day: 3, date: 'martes, 3 de marzo' })).toBe(
      'Hoy es el día 3 de su plan (martes, 3 de marzo)',
    );
    expect(phrasesFor('en').t('portal.unavailable.waitMinutes', { minutes: 1 })).toBe('1 minute');
    expect(phrasesFor('es').t('portal.unavailable.waitMinutes', { minutes: 15 })).toBe(
      '15 minutos',
    );
    expect(phrasesFor('es').t('document.pageNumber', { page: 1, pages: 7 })).toBe('Página 1 de 7');
    expect(phrasesFor('xx').language).toBe(BASE_LANGUAGE);
  });
});
