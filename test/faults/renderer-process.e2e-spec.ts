import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Every process whose parent chain leads to `pid` (from /proc), `pid` included. */
function processTree(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of parents)
      if (tree.includes(parent) && !tree.includes(child)) {
        tree.push(child);
        grew = true;
      }
  }
  return tree;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The app killed outright (SIGKILL: no shutdown code runs) leaves no Chromium behind. */
describe('fault: the app is killed while its Chromium runs', () => {
  it.each(['false', 'true'])(
    'takes Chromium down with it (one process: %s)',
    async (single) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'renderer-'));
      const child = spawn(process.execPath, [
        join(__dirname, '..', 'support', 'renderer-process.js'),
        dataDir,
        single,
      ]);
      try {
        const [line] = await new Promise<string[]>((resolve) =>
          createInterface({ input: child.stdout }).once('line', (l) => resolve([l])),
        );
        expect(line).toMatch(/^rendered \d+$/);
        const browser = Number(line.split(' ')[1]);
        const chromium = processTree(browser);
        expect(chromium.length).toBeGreaterThanOrEqual(1);
        child.kill('SIGKILL');
        const started = Date.now();
        while (chromium.some(alive) && Date.now() - started < 10_000)
          await new Promise((resolve) => setTimeout(resolve, 50));
        expect(chromium.filter(alive)).toEqual([]);
        process.stdout.write(
          `Chromium (${chromium.length} processes) gone ${Date.now() - started} ms after the app was killed\n`,
        );
      } finally {
        child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
