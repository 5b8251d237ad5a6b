import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';

const MAIN = join(PROJECT_ROOT, 'dist', 'src', 'main.js');

/** The build never deletes what a running server was started from, and the CLI starts quickly. */
describe('building', () => {
  it('starts npm run cli in a few seconds when the build is current, deleting nothing', () => {
    const before = statSync(MAIN).ino;
    const started = Date.now();
    const run = spawnSync('npm', ['run', '-s', 'cli', '--', 'no-such-command'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    const ms = Date.now() - started;
    expect(run.stderr).toContain('unknown command "no-such-command"');
    expect(run.stdout).not.toContain('Building');
    expect(ms).toBeLessThan(5000);
    expect(statSync(MAIN).ino).toBe(before);
    process.stdout.write(`npm run cli with a current build: ${ms} ms\n`);
  });

  it('removes only built files whose source is gone', () => {
    const before = statSync(MAIN).ino;
    const orphans = [
      join(PROJECT_ROOT, 'dist', 'migrations', '1000000000000-Gone.js'),
      join(PROJECT_ROOT, 'dist', 'src', 'gone.service.js.map'),
    ];
    for (const file of orphans) writeFileSync(file, '// its source was deleted\n');
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'src', 'cli', 'build.js')], {
      cwd: PROJECT_ROOT,
      stdio: 'pipe',
    });
    expect(orphans.filter((file) => existsSync(file))).toEqual([]);
    expect(statSync(MAIN).ino).toBe(before);
  }, 60_000);
});
