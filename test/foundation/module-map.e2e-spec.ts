import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';

/** The module map (.dependency-cruiser.cjs) fails a forbidden import with the rule's reason. */
describe('the module map', () => {
  const dir = mkdtempSync(join(tmpdir(), 'module-map-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cruise = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    cpSync(join(PROJECT_ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true } }),
    );
    return spawnSync(
      process.execPath,
      [
        join(PROJECT_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
        'src',
        '--config',
        '.dependency-cruiser.cjs',
        '--output-type',
        'err-long',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
  };

  it('refuses the library importing handouts, naming the rule and why', () => {
    const run = cruise({
      'src/handouts/handouts.service.ts': 'export const handouts = 1;\n',
      'src/library/probe.ts':
        "import { handouts } from '../handouts/handouts.service';\nexport const x = handouts;\n",
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('library-knows-no-handouts-or-portal');
    expect((run.stdout + run.stderr).replace(/\s+/g, ' ')).toContain(
      'knows nothing of them or of the portal',
    );
  });

  it('refuses a feature importing a page, and a cycle', () => {
    const run = cruise({
      'src/web/some.pages.controller.ts':
        "import { b } from '../patients/b';\nexport const a = b;\n",
      'src/patients/b.ts': "import { c } from './c';\nexport const b = c;\n",
      'src/patients/c.ts':
        "import { a } from '../web/some.pages.controller';\nexport const c = 1;\nexport const d = a;\n",
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('features-never-import-pages');
    expect(run.stdout + run.stderr).toContain('no-cycles');
  });
});
