import Handlebars from 'handlebars';
import { phrasesFor } from './phrases';

/**
 * The Handlebars helpers that put phrases into templates, in the language of the page being
 * drawn: its root context's `lang` ("en", "es"), which every template that uses them must carry
 * (templates are compiled in strict mode; a missing `lang` is an error, not English).
 *
 *   {{t "portal.bar.download"}}                     a phrase, escaped like any value
 *   {{t "checkIn.today" day=day date=dateText}}     with values put in
 *   {{t "portal.dob.questions" phone=(telLink tel phone)}}   with our own markup put in
 *
 * A value made by `link`, `telLink` or `strong` is markup: the phrase around it is escaped, then
 * the markup is put in as is. They escape what they are given, so nothing a person typed becomes
 * markup.
 */
export function registerPhraseHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('t', function (key: unknown, options: Handlebars.HelperOptions) {
    const lang = (options.data?.root as { lang?: unknown } | undefined)?.lang;
    if (typeof lang !== 'string')
      throw new Error(`{{t "${String(key)}"}}: the template's root context has no "lang"`);
    return phrase(hbs, lang, String(key), options.hash as Record<string, unknown>);
  });
  hbs.registerHelper(
    'link',
    (href: unknown, text: unknown) =>
      new hbs.SafeString(
        `<a href="${hbs.escapeExpression(String(href))}">${hbs.escapeExpression(String(text))}</a>`,
      ),
  );
  hbs.registerHelper(
    'telLink',
    (tel: unknown, text: unknown) =>
      new hbs.SafeString(
        `<a href="tel:${hbs.escapeExpression(String(tel))}">${hbs.escapeExpression(String(text))}</a>`,
      ),
  );
  hbs.registerHelper(
    'strong',
    (text: unknown) => new hbs.SafeString(`<strong>${hbs.escapeExpression(String(text))}</strong>`),
  );
}

/** Marks a value's place while the phrase is formatted: private-use characters no phrase has. */
const MARK = (i: number) => `\uE000${i}\uE001`;

function phrase(
  hbs: typeof Handlebars,
  lang: string,
  key: string,
  hash: Record<string, unknown>,
): string | Handlebars.SafeString {
  const markup: string[] = [];
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(hash)) {
    if (value instanceof hbs.SafeString) {
      values[name] = MARK(markup.length);
      markup.push(value.toHTML());
    } else values[name] = typeof value === 'number' ? value : String(value ?? '');
  }
  const text = phrasesFor(lang).t(key, values);
  if (markup.length === 0) return text;
  return new hbs.SafeString(
    hbs
      .escapeExpression(text)
      .replace(/\uE000(\d+)\uE001/g, (_, i: string) => markup[Number(i)] ?? ''),
  );
}
