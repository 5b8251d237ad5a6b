import { NestExpressApplication } from '@nestjs/platform-express';
import { Agent, get } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/database-options';
import { prepareDatabase } from '../../src/database/database-roles';
import { EmbeddedDatabase } from '../../src/database/embedded-database';
import { freePort } from '../../src/database/free-port';
import { LibraryImporter } from '../../src/library/library-importer';
import { configureLogging } from '../../src/logging/logger';

export interface BenchEnv {
  app: NestExpressApplication;
  dataSource: DataSource;
  baseUrl: string;
  /** The database owner's address: VACUUM and ANALYZE need the tables' owner. */
  ownerUrl: string;
  stop: () => Promise<void>;
}

/** A real PostgreSQL (embedded, or BENCH_DATABASE_URL) and the real app listening on loopback. */
export async function startBench(env: Record<string, string> = {}): Promise<BenchEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clinic-handouts-bench-'));
  let embedded: EmbeddedDatabase | undefined;
  let url = process.env.BENCH_DATABASE_URL;
  let ownerUrl = url;
  if (!url) {
    embedded = new EmbeddedDatabase({ dataDir, fast: true });
    url = await embedded.start();
    ownerUrl = embedded.ownerUrl;
  }
  await prepareDatabase({ url, ownerUrl }, { migrate: true });
  const importer = await new DataSource(dataSourceOptions(url)).initialize();
  await new LibraryImporter(importer).importStarterLibrary();
  await importer.destroy();

  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'false',
    LIBRARY_IMPORT: 'false',
    ...env,
  });
  configureLogging('silent');
  const app = await createApp(config, url);
  await app.listen(port, '127.0.0.1');
  return {
    app,
    dataSource: app.get(DataSource),
    baseUrl: `http://127.0.0.1:${port}`,
    ownerUrl: ownerUrl ?? url,
    stop: async () => {
      await app.close();
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Timing {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Runs `work` `count` times one after another and returns latency percentiles in ms. */
export async function timeSequential(
  count: number,
  work: (i: number) => Promise<void>,
): Promise<Timing> {
  for (let i = 0; i < Math.min(20, count); i++) await work(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await work(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(samples);
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

export interface Row {
  measure: string;
  figure: string;
  target: string;
  pass: boolean | null;
}

export function printTable(title: string, rows: Row[]): void {
  const lines = [
    `\n${title}`,
    '| measure | figure | target | met |',
    '|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.measure} | ${r.figure} | ${r.target} | ${r.pass === null ? '' : r.pass ? 'yes' : 'NO'} |`,
    ),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/**
 * Runs a benchmark as a script. When `npm run bench` starts it (each benchmark in a process
 * of its own, so one's heap and compiled code do not weigh on the next), its rows also go to
 * the file named by BENCH_ROWS_FILE.
 */
export function runAlone(bench: () => Promise<Row[]>): void {
  bench().then(
    (rows) => {
      const file = process.env.BENCH_ROWS_FILE;
      if (file) writeFileSync(file, JSON.stringify(rows));
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Signs in through the API and returns headers for further requests. */
export async function signInHeaders(
  baseUrl: string,
  email: string,
  password: string,
): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const body = (await res.json()) as { csrfToken: string };
  return { Cookie: cookies.join('; '), 'X-CSRF-Token': body.csrfToken };
}

/** One keep-alive connection pool for the benchmarks' GET requests (leaner than fetch). */
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

export interface Fetched {
  status: number;
  /** The first bytes of the body (up to 64), enough to check what it is. */
  head: Buffer;
  /** Bytes received; checked against Content-Length when the server sent one. */
  length: number;
}

/**
 * A GET over a kept-alive connection, reading the whole body as a browser saving a file would:
 * counted and its first bytes kept, not copied into one buffer.
 */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers }, (res) => {
      let head = Buffer.alloc(0);
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        if (head.length < 64) head = Buffer.concat([head, chunk.subarray(0, 64 - head.length)]);
        length += chunk.length;
      });
      res.on('end', () => {
        const declared = res.headers['content-length'];
        if (declared !== undefined && Number(declared) !== length)
          reject(new Error(`${url}: ${length} bytes received of ${declared}`));
        else resolve({ status: res.statusCode ?? 0, head, length });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}
