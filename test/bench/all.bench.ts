import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable, Row } from './harness';

const BENCHES = ['library', 'builder', 'pdf', 'portal'];

/**
 * Every benchmark, one after another, each in a Node process of its own (so one's heap and
 * compiled code do not weigh on the next), then one table of figures against their targets.
 */
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rows-'));
  const all: Row[] = [];
  try {
    for (const name of BENCHES) {
      const file = join(dir, `${name}.json`);
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [join(__dirname, `${name}.bench.js`)], {
          stdio: 'inherit',
          env: { ...process.env, BENCH_ROWS_FILE: file },
        });
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`the ${name} benchmark failed (exit ${code})`)),
        );
      });
      const rows = JSON.parse(readFileSync(file, 'utf8')) as Row[];
      all.push(
        ...rows.filter((r) => r.target).map((r) => ({ ...r, measure: `${name}: ${r.measure}` })),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  printTable(`All benchmarks (${machine})`, all);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
