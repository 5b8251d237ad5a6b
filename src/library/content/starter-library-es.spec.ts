import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../config/paths';
import { checkBlockContent, CheckedBlock, parseBlockFile } from './block-source';
import { INFLESZ_TARGET } from './readability-es';

/** The starter library in Spanish: what Spanish-speaking patients will read. */
describe('starter library in Spanish', () => {
  const dir = join(PROJECT_ROOT, 'src', 'library', 'starter');
  const read = (path: string) => parseBlockFile(readFileSync(path, 'utf8'));
  const english = new Map<string, CheckedBlock>(
    readdirSync(join(dir, 'blocks'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => {
        const checked = checkBlockContent(read(join(dir, 'blocks', f)));
        return [checked.content.key, checked];
      }),
  );
  const esDir = join(dir, 'blocks', 'es');
  const files = existsSync(esDir) ? readdirSync(esDir).filter((f) => f.endsWith('.md')) : [];
  const spanish = (file: string) => {
    const raw = read(join(esDir, file));
    return checkBlockContent(raw, {}, english.get(String(raw.key)));
  };

  it('has every block of the English library, each file named after its key', () => {
    const keys = files.map((f) => f.replace(/\.md$/, ''));
    expect([...english.keys()].filter((k) => !keys.includes(k))).toEqual([]);
    for (const file of files) expect(spanish(file).content.key).toBe(file.replace(/\.md$/, ''));
  });

  it.each(files)(
    '%s is Spanish, keeps the English version’s values, pictures and signs, and reads at INFLESZ 65 or over',
    (file) => {
      const block = spanish(file);
      expect(block.language).toBe('es');
      expect(block.readingEase).toBeGreaterThanOrEqual(INFLESZ_TARGET);
      expect(block.content.sources.length).toBeGreaterThan(0);
      const text = `${block.content.title} ${block.content.summary} ${block.content.body}`;
      expect({
        file,
        claim: /\b(cura[rn]?|mejor tratamiento|garantiza\w*|milagro\w*)\b/i.exec(text)?.[0] ?? null,
        dose: /\b\d+\s?(mg|miligramos?|ml|tabletas?|pastillas?)\b/i.exec(text)?.[0] ?? null,
      }).toEqual({ file, claim: null, dose: null });
    },
  );

  it('has a Spanish title and description for every template', () => {
    for (const f of readdirSync(join(dir, 'protocols')).filter((n) => n.endsWith('.yaml'))) {
      const protocol = parseYaml(readFileSync(join(dir, 'protocols', f), 'utf8')) as {
        translations?: Record<string, { title?: string; description?: string }>;
      };
      expect({ f, es: protocol.translations?.es }).toEqual({
        f,
        es: { title: expect.any(String), description: expect.any(String) },
      });
    }
  });
});
