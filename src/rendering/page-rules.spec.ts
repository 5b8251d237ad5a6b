import { phrasesFor } from '../i18n/phrases';
import {
  cssString,
  documentLanguage,
  footerTextOf,
  pageNumberContent,
  withPageRules,
} from './page-rules';

/** Reads a CSS string back the way a CSS parser does: an escape also swallows one whitespace after it. */
function unescapeCss(quoted: string): string {
  expect(quoted.startsWith('"') && quoted.endsWith('"')).toBe(true);
  return quoted
    .slice(1, -1)
    .replace(/\\([0-9a-f]{1,6})[ \t\n]?/g, (_, hex: string) =>
      String.fromCodePoint(parseInt(hex, 16)),
    );
}

describe(cssString.name, () => {
  it.each([
    'Riverside Physio',
    'O\'Brien & Partners "Back" Clinic',
    '</style><script>alert(1)</script>',
    '"; } @page { margin: 0 } .x { content: "',
    'back\\slash\nnew line',
    'Клиника 🙂 ñ',
  ])('holds %j exactly, with nothing that could end the string or the style', (text) => {
    const css = cssString(text);
    expect(unescapeCss(css)).toBe(text);
    const inside = css.slice(1, -1);
    expect(inside).not.toMatch(/["<>\n{};]/);
    expect(inside.replace(/\\[0-9a-f]{6}/g, '')).not.toContain('\\');
  });
});

describe(withPageRules.name, () => {
  it('puts paper, margins and the footer in the head of the document', () => {
    const html = withPageRules(
      '<html><head><title>t</title></head><body>x</body></html>',
      'Letter',
      'Clinic',
    );
    expect(html).toMatch(
      /<head><title>t<\/title><style>@page \{ size: letter; margin: 13mm 15mm 16mm;/,
    );
    expect(html).toContain('@bottom-left { content: "Clinic";');
    expect(html).toContain('content: "Page " counter(page) " of " counter(pages);');
    expect(html).toMatch(/<\/style><\/head><body>x<\/body>/);
    expect(withPageRules('<p>raw</p>', 'A4', 'C')).toMatch(
      /^<style>@page \{ size: A4;[\s\S]*<p>raw<\/p>$/,
    );
  });
});

describe(pageNumberContent.name, () => {
  it('writes "Page X of Y" in the document\'s language around the page counters', () => {
    expect(pageNumberContent(phrasesFor('en'))).toBe('"Page " counter(page) " of " counter(pages)');
    const spanish = pageNumberContent(phrasesFor('es'));
    expect(spanish).toBe('"P\\0000e1 gina " counter(page) " de " counter(pages)');
    expect(unescapeCss(spanish.split(' counter(page)')[0])).toBe('Página ');
  });

  it('follows the <html lang> of the document it is applied to', () => {
    const spanish = withPageRules(
      '<html lang="es" class="standard"><head></head></html>',
      'A4',
      'C',
    );
    expect(spanish).toContain('content: "P\\0000e1 gina " counter(page) " de " counter(pages);');
    const unknown = withPageRules('<html lang="xx"><head></head></html>', 'A4', 'C');
    expect(unknown).toContain('content: "Page " counter(page) " of " counter(pages);');
  });
});

describe(documentLanguage.name, () => {
  it('reads the lang of the html element, English when there is none', () => {
    expect(documentLanguage('<!doctype html>\n<html lang="es" class="large"><head>')).toBe('es');
    expect(documentLanguage('<html class="x" lang="en"><head>')).toBe('en');
    expect(documentLanguage('<p lang="es">raw</p>')).toBe('en');
  });
});

describe(footerTextOf.name, () => {
  it("names the clinic and the version in the document's language", () => {
    expect(footerTextOf('Riverside', 2, 'en')).toBe('Riverside · Version 2');
    expect(footerTextOf('Riverside', 2, 'es')).toBe('Riverside · Versión 2');
  });
});
