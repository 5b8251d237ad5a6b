import { cssString, withPageRules } from './page-rules';

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
