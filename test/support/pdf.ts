import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of a PDF (or of one page), as poppler's pdftotext reads it. */
export function pdfText(bytes: Buffer, page?: number): string {
  const pages = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', ['-layout', ...pages, save(bytes), '-'], { encoding: 'utf8' });
}

/** pdfinfo's fields (Title, Pages, Tagged, Page size, …). */
export function pdfInfo(bytes: Buffer): Record<string, string> {
  const out = execFileSync('pdfinfo', [save(bytes)], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.split(':')[0].trim(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

export function pdfFonts(bytes: Buffer): string {
  return execFileSync('pdffonts', [save(bytes)], { encoding: 'utf8' });
}

function save(bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pdf-')), 'file.pdf');
  writeFileSync(file, bytes);
  return file;
}

/** supertest: collect a binary body into a Buffer. */
export function binary(
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  done: (err: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The tagged PDF's structure tree, as poppler's pdfinfo prints it (one element per line). */
export function pdfStructure(bytes: Buffer): string {
  // (poppler complains on stderr about tags it does not know, such as Strong)
  return execFileSync('pdfinfo', ['-struct', save(bytes)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

/**
 * Every alternate text (/Alt) in the PDF's structure elements, decoded from a literal string
 * or UTF-16 hex, in document order.
 */
export function pdfAltTexts(bytes: Buffer): string[] {
  const raw = bytes.toString('latin1');
  const texts: string[] = [];
  for (const m of raw.matchAll(/\/Alt\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/g)) {
    const value = m[1];
    if (value.startsWith('(')) {
      texts.push(
        value
          .slice(1, -1)
          .replace(/\\([nrtbf()\\])/g, (_, c: string) =>
            c === 'n'
              ? '\n'
              : c === 'r'
                ? '\r'
                : c === 't'
                  ? '\t'
                  : c === 'b' || c === 'f'
                    ? ''
                    : c,
          ),
      );
    } else {
      const hex = Buffer.from(value.slice(1, -1).replace(/\s/g, ''), 'hex');
      const utf16 = hex[0] === 0xfe && hex[1] === 0xff;
      texts.push(utf16 ? hex.subarray(2).swap16().toString('utf16le') : hex.toString('latin1'));
    }
  }
  return texts;
}
