import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../config/paths';
import { checkBlockContent, CheckedBlock, parseBlockFile } from './block-source';
import { resolveValues } from './parameter-spec';

/** Tests of the shipped starter library itself: what patients will actually read. */
describe('starter library', () => {
  const dir = join(PROJECT_ROOT, 'src', 'library', 'starter');
  const blockFiles = readdirSync(join(dir, 'blocks')).filter((f) => f.endsWith('.md'));
  const blocks = new Map<string, CheckedBlock>(
    blockFiles.map((file) => {
      const checked = checkBlockContent(
        parseBlockFile(readFileSync(join(dir, 'blocks', file), 'utf8')),
      );
      return [checked.content.key, checked];
    }),
  );
  const templates = readdirSync(join(dir, 'templates'))
    .filter((f) => f.endsWith('.yaml'))
    .map(
      (f) =>
        parseYaml(readFileSync(join(dir, 'templates', f), 'utf8')) as {
          key: string;
          title: string;
          blocks: { key: string; params?: Record<string, unknown> }[];
        },
    );

  it('has every block of the content brief, each file named after its key', () => {
    expect(blocks.size).toBeGreaterThanOrEqual(31);
    for (const file of blockFiles) expect(blocks.has(file.replace(/\.md$/, ''))).toBe(true);
    expect(blocks.get('emergency-signs')?.content.category).toBe('warning-signs');
  });

  it.each(blockFiles.map((f) => f.replace(/\.md$/, '')))(
    '%s reads at grade 8 or lower, with sources',
    (key) => {
      const block = blocks.get(key)!;
      expect(block.content.sources.length).toBeGreaterThan(0);
      expect(block.readability.words).toBeGreaterThan(30);
      expect(block.readability.fleschKincaidGrade).toBeLessThanOrEqual(8);
    },
  );

  it('makes no claims the house rules forbid', () => {
    const forbidden =
      /\b(cure[sd]?|best|#1|number one|guarantee[sd]?|miracle|supplement[s]? (?:heals?|cures?))\b/i;
    for (const [key, block] of blocks) {
      const text = `${block.content.title} ${block.content.summary} ${block.content.body}`;
      expect({ key, claim: forbidden.exec(text)?.[0] ?? null }).toEqual({ key, claim: null });
      expect({
        key,
        dose: /\b\d+\s?(mg|milligrams?|ml|tablets?)\b/i.exec(text)?.[0] ?? null,
      }).toEqual({ key, dose: null });
    }
  });

  it('copies no sentence from the source articles', () => {
    const seedsDir = join(PROJECT_ROOT, '..', 'shared', 'seeds');
    let seeds: string[] = [];
    try {
      seeds = readdirSync(seedsDir)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => readFileSync(join(seedsDir, f), 'utf8'));
    } catch {
      return; // the source articles live beside the checkout; without them there is nothing to compare
    }
    const words = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^a-z0-9\s]/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
    const shingles = new Set<string>();
    for (const seed of seeds) {
      const w = words(seed);
      for (let i = 0; i + 8 <= w.length; i++) shingles.add(w.slice(i, i + 8).join(' '));
    }
    for (const [key, block] of blocks) {
      const w = words(`${block.content.title}. ${block.content.body}`);
      const copied = [];
      for (let i = 0; i + 8 <= w.length; i++)
        if (shingles.has(w.slice(i, i + 8).join(' '))) copied.push(w.slice(i, i + 8).join(' '));
      expect({ key, copied }).toEqual({ key, copied: [] });
    }
  });

  it('ships the four templates, each with known blocks, in-bounds values and the warning signs', () => {
    expect(templates.map((t) => t.key).sort()).toEqual([
      'first-72-hours',
      'preventing-the-next-spasm',
      'recovering-weeks-1-2',
      'spasms-that-keep-coming-back',
    ]);
    for (const template of templates) {
      expect(template.blocks.map((b) => b.key)).toContain('emergency-signs');
      for (const entry of template.blocks) {
        const block = blocks.get(entry.key);
        expect({ template: template.key, block: entry.key, known: !!block }).toEqual({
          template: template.key,
          block: entry.key,
          known: true,
        });
        const { problems } = resolveValues(
          block!.content.title,
          block!.content.parameters,
          entry.params,
        );
        expect(problems).toEqual([]);
      }
    }
  });
});
