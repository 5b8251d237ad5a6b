import Handlebars from 'handlebars';
import type { DocumentOptions } from './view-model';

/**
 * Versions published before their view model was kept have only their stored HTML. They are
 * drawn from it with today's stylesheet, print size, portal bar and QR code spliced in, which
 * is what every version went through before. New versions never come here: they are drawn
 * from their view model by the templates.
 */
export function legacyDocument(
  html: string,
  styleFor: (accent: string) => string,
  options: DocumentOptions,
): string {
  const accent = /--accent: (#[0-9a-f]{6}); \}\s*<\/style>/i.exec(html)?.[1] ?? '#1f5f8b';
  let out = html
    .replace(/<style>[\s\S]*?<\/style>/, () => `<style>${styleFor(accent)}</style>`)
    .replace(
      /^(<!doctype html>\s*<html lang="[^"]*" class=")(standard|large)(")/i,
      `$1${options.variant ?? 'standard'}$3`,
    );
  const escape = Handlebars.Utils.escapeExpression;
  if (options.portalLink) {
    const shortUrl = escape(options.portalLink.url.replace(/^https?:\/\//, ''));
    const aside = `<aside class="doc-portal"><div class="doc-qr">${options.portalLink.qrSvg}</div><p><strong>Scan for the latest version</strong><br>${shortUrl}</p></aside>`;
    out = out.replace(/<\/main>/, () => `${aside}\n</main>`);
  }
  if (options.portalBar) {
    const bar = options.portalBar;
    const call = bar.tel ? `<a href="tel:${escape(bar.tel)}">Call the clinic</a>` : '';
    const nav = `<nav class="portal-bar" aria-label="Handout actions"><a class="primary" href="${escape(bar.pdfHref)}" download>Download PDF</a><a href="${escape(bar.pdfHref)}">Print</a><a href="${escape(bar.sizeHref)}">${escape(bar.sizeLabel)}</a>${call}</nav>`;
    out = out.replace(/<body>(\s*<!--portal-toolbar-->)?/, () => `<body class="portal">\n${nav}`);
  }
  return out;
}
