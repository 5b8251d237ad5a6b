import { Phrases, phrasesFor } from '../i18n/phrases';

/** The two paper sizes a clinic prints on. */
export type PaperSize = 'A4' | 'Letter';

const FOOTER_STYLE =
  "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8pt; color: #4f5b63;";

/**
 * The printed page as CSS: paper size, margins, and a footer with the clinic's name and
 * "Page X of Y" (in the document's language, read from its `<html lang>`) in the page's margin
 * boxes. Chromium lays these out with the document; its header and footer templates cost a
 * separate small document per page (about 20% of a render).
 */
export function withPageRules(html: string, paper: PaperSize, footerText: string): string {
  const rules = `<style>@page { size: ${paper === 'Letter' ? 'letter' : 'A4'}; margin: 13mm 15mm 16mm;
  @bottom-left { content: ${cssString(footerText)}; ${FOOTER_STYLE} }
  @bottom-right { content: ${pageNumberContent(phrasesFor(documentLanguage(html)))}; ${FOOTER_STYLE} } }</style>`;
  const head = html.indexOf('</head>');
  return head === -1 ? rules + html : html.slice(0, head) + rules + html.slice(head);
}

/**
 * The clinic and version printed at the foot of every page ("Riverside Physio · Version 2"), in
 * the document's language: a page found loose still tells its age.
 */
export function footerTextOf(clinicName: string, versionNumber: number, language: string): string {
  return phrasesFor(language).t('document.footer', { clinic: clinicName, number: versionNumber });
}

/** The language a document says it is in (`<html lang="es">`); English when it says none. */
export function documentLanguage(html: string): string {
  return /<html\b[^>]*?\slang="([A-Za-z-]+)"/i.exec(html.slice(0, 2000))?.[1] ?? 'en';
}

/**
 * "Page X of Y" as a CSS `content` value: the phrase's words as strings around the page
 * counters (`"Page " counter(page) " of " counter(pages)`), in whatever order the language puts them.
 */
export function pageNumberContent(phrases: Phrases): string {
  const text = phrases.t('document.pageNumber', { page: '\uE000', pages: '\uE001' });
  return text
    .split(/([\uE000\uE001])/u)
    .filter(Boolean)
    .map((part) =>
      part === '\uE000' ? 'counter(page)' : part === '\uE001' ? 'counter(pages)' : cssWords(part),
    )
    .join(' ');
}

/**
 * A CSS string holding exactly `text`: everything but plain letters, digits and a few safe
 * signs is written as a hex escape, so no quote, backslash or `</style>` can end it early.
 * Spaces are escaped too: CSS swallows one whitespace after an escape.
 */
export function cssString(text: string): string {
  const escaped = text.replace(
    /[^A-Za-z0-9.,()-]/gu,
    (c) => `\\${c.codePointAt(0)!.toString(16).padStart(6, '0')}`,
  );
  return `"${escaped}"`;
}

/**
 * A phrase's words as a CSS string that reads as written: spaces stay spaces ("Page "), and
 * every other sign is a hex escape ended by a space, which CSS swallows ("P\0000e1 gina ").
 */
function cssWords(text: string): string {
  const escaped = text.replace(
    /[^A-Za-z0-9 .,()-]/gu,
    (c) => `\\${c.codePointAt(0)!.toString(16).padStart(6, '0')} `,
  );
  return `"${escaped}"`;
}
