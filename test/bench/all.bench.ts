import { cpus, totalmem } from 'node:os';
import { benchBuilder } from './builder.bench';
import { printTable, Row } from './harness';
import { benchLibrary } from './library.bench';
import { benchPdf } from './pdf.bench';
import { benchPortal } from './portal.bench';

/** Every benchmark, one after another, then one table of figures against their targets. */
async function main(): Promise<void> {
  const all: Row[] = [];
  const runs: [string, () => Promise<Row[]>][] = [
    ['library', benchLibrary],
    ['builder', benchBuilder],
    ['pdf', benchPdf],
    ['portal', benchPortal],
  ];
  for (const [name, bench] of runs) {
    const rows = await bench();
    all.push(
      ...rows.filter((r) => r.target).map((r) => ({ ...r, measure: `${name}: ${r.measure}` })),
    );
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
