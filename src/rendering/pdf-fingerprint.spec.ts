import { withPageRules } from './page-rules';
import { launchArgs } from './pdf-renderer.service';
import { FingerprintInputs, pdfFingerprint, PRINT_OPTIONS } from './pdf-fingerprint';

describe(pdfFingerprint.name, () => {
  const base: FingerprintInputs = {
    pageRules: withPageRules,
    launchArgs: launchArgs(false),
    printOptions: PRINT_OPTIONS,
    chromiumVersion: '156.0.8078.114',
    fonts: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|155320',
  };

  it('is stable for the same inputs', () => {
    expect(pdfFingerprint(base)).toBe(pdfFingerprint({ ...base }));
  });

  it('changes when the page rules change (a margin moved, as once happened unnoticed)', () => {
    const wider = (html: string, paper: 'A4' | 'Letter', footer: string) =>
      withPageRules(html, paper, footer).replace(
        'margin: 13mm 15mm 16mm',
        'margin: 12mm 15mm 16mm',
      );
    expect(wider('<html><head></head></html>', 'A4', 'x')).not.toBe(
      withPageRules('<html><head></head></html>', 'A4', 'x'),
    );
    expect(pdfFingerprint({ ...base, pageRules: wider })).not.toBe(pdfFingerprint(base));
  });

  it('changes when the page rules of any one language change (the Spanish footer, say)', () => {
    const spanishMoved = (html: string, paper: 'A4' | 'Letter', footer: string) => {
      const rules = withPageRules(html, paper, footer);
      return html.includes('lang="es"') ? rules.replace('" de "', '" / "') : rules;
    };
    expect(pdfFingerprint({ ...base, pageRules: spanishMoved })).not.toBe(pdfFingerprint(base));
  });

  it.each([
    ['Chromium', { chromiumVersion: '157.0.1.1' }],
    ['its flags', { launchArgs: launchArgs(true) }],
    ['the print options', { printOptions: { ...PRINT_OPTIONS, printBackground: false } }],
    ['the fonts', { fonts: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|155321' }],
  ])('changes when %s change', (_what, change) => {
    expect(pdfFingerprint({ ...base, ...change })).not.toBe(pdfFingerprint(base));
  });
});
