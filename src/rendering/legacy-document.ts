import { RenderedHtml } from '../views/rendered-html';
import { documentLanguage } from './page-rules';
import type { DocumentOptions, PortalBar } from './view-model';

/**
 * Versions published before their view model was kept have only their stored HTML. They are
 * drawn from it with today's stylesheet, print size, and the portal bar and QR code (drawn by
 * the same partials as new versions) spliced in, which
 * is what every version went through before. New versions never come here: they are drawn
 * from their view model by the templates.
 */
export function legacyDocument(
  html: string,
  styleFor: (accent: string) => string,
  options: DocumentOptions,
  partials: {
    bar(bar: PortalBar & { lang: string }): string;
    link(link: { qr: unknown; shortUrl: string; lang: string }): string;
  },
): string {
  // The partials' words follow the stored document's own language.
  const lang = documentLanguage(html);
  const accent = /--accent: (#[0-9a-f]{6}); \}\s*<\/style>/i.exec(html)?.[1] ?? '#1f5f8b';
  let out = html
    .replace(/<style>[\s\S]*?<\/style>/, () => `<style>${styleFor(accent)}</style>`)
    .replace(
      /^(<!doctype html>\s*<html lang="[^"]*" class=")(standard|large)(")/i,
      `$1${options.variant ?? 'standard'}$3`,
    );
  if (options.portalLink) {
    const aside = partials.link({
      qr: new RenderedHtml(options.portalLink.qrSvg),
      shortUrl: options.portalLink.url.replace(/^https?:\/\//, ''),
      lang,
    });
    out = out.replace(/<\/main>/, () => `${aside}\n</main>`);
  }
  if (options.portalBar) {
    const nav = partials.bar({ ...options.portalBar, lang });
    out = out.replace(/<body>(\s*<!--portal-toolbar-->)?/, () => `<body class="portal">\n${nav}`);
  }
  return out;
}
