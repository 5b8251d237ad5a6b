import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { languages } from '../i18n/phrases';
import type { PaperSize } from './page-rules';

/** The options every PDF is printed with (Chrome DevTools' Page.printToPDF). */
export const PRINT_OPTIONS = {
  preferCSSPageSize: true,
  printBackground: true,
  generateTaggedPDF: true,
  transferMode: 'ReturnAsBase64',
} as const;

/** The font families documents are set in: their files shape every PDF's bytes. */
export const DOCUMENT_FONTS = ['DejaVu Sans', 'DejaVu Sans:bold', 'Liberation Sans'];

export interface FingerprintInputs {
  /** The page rules as the renderer applies them (paper, margins, footer in the document's language). */
  pageRules: (html: string, paper: PaperSize, footerText: string) => string;
  launchArgs: string[];
  printOptions: object;
  chromiumVersion: string;
  fonts: string;
}

/**
 * Everything outside the document that shapes a PDF's bytes, as one hash: the page rules
 * (applied to a probe document in every language on both papers, so any change to margins,
 * footer, its "Page X of Y" in any language or page size shows), Chromium's flags, version and
 * print options, and the font files. It is part of every PDF cache key, so no change to any of
 * these can serve a PDF made before it; nothing has to be remembered and bumped by hand.
 */
export function pdfFingerprint(inputs: FingerprintInputs): string {
  const probe = (lang: string) =>
    `<!doctype html><html lang="${lang}"><head><title>p</title></head><body><p>p</p></body></html>`;
  const rules = languages().flatMap((lang) =>
    (['A4', 'Letter'] as const).map((paper) =>
      inputs.pageRules(probe(lang), paper, 'Footer "probe"'),
    ),
  );
  return createHash('sha256')
    .update(
      JSON.stringify([
        rules,
        inputs.launchArgs,
        inputs.printOptions,
        inputs.chromiumVersion,
        inputs.fonts,
      ]),
    )
    .digest('hex')
    .slice(0, 24);
}

/** "Chromium 156.0.8078.114 …" from the executable itself, or "none" without one. */
export function chromiumVersionOf(executable: string | undefined): string {
  if (!executable) return 'none';
  try {
    const out = execFileSync(executable, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return /[\d.]+\.\d+/.exec(out)?.[0] ?? out.trim();
  } catch {
    return 'unknown';
  }
}

/** The font file and version fontconfig picks for each family (empty where it is missing). */
export function documentFonts(): string {
  return DOCUMENT_FONTS.map((family) => {
    try {
      return execFileSync('fc-match', ['-f', '%{file}|%{fontversion}', family], {
        encoding: 'utf8',
        timeout: 5_000,
      });
    } catch {
      return `${family}: no fontconfig`;
    }
  }).join('\n');
}
