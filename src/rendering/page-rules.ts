/** The two paper sizes a clinic prints on. */
export type PaperSize = 'A4' | 'Letter';

const FOOTER_STYLE =
  "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8pt; color: #4f5b63;";

/**
 * The printed page as CSS: paper size, margins, and a footer with the clinic's name and
 * "Page X of Y" in the page's margin boxes. Chromium lays these out with the document; its
 * header and footer templates cost a separate small document per page (about 20% of a render).
 */
export function withPageRules(html: string, paper: PaperSize, footerText: string): string {
  const rules = `<style>@page { size: ${paper === 'Letter' ? 'letter' : 'A4'}; margin: 13mm 15mm 16mm;
  @bottom-left { content: ${cssString(footerText)}; ${FOOTER_STYLE} }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); ${FOOTER_STYLE} } }</style>`;
  const head = html.indexOf('</head>');
  return head === -1 ? rules + html : html.slice(0, head) + rules + html.slice(head);
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
