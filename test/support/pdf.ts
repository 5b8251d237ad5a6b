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
