import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/database/free-port';
import { PROJECT_ROOT } from '../../src/config/paths';
import { testDatabaseUrl, testOwnerUrl } from '../support/test-app';

const MAIN = join(PROJECT_ROOT, 'dist', 'src', 'main.js');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the built server as `npm start` does (after `npm run build`, which `npm test` runs first). */
function startServer(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(port: number, running: Running): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null)
      throw new Error(`server exited early:\n${running.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return (await res.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become healthy:\n${running.output()}`);
}

describe('starting the portal', () => {
  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run "npm run build" (npm test does it)`);
  });

  it('stops at once with a message naming a bad variable', async () => {
    const running = startServer({ PORT: 'eighty', DATABASE_URL: testDatabaseUrl() });
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain('PORT must be a whole number');
  });

  it('serves on a configured DATABASE_URL and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'startup-url-'));
    const running = startServer({
      PORT: String(port),
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_OWNER_URL: testOwnerUrl(),
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
    });
    expect(await waitForHealth(port, running)).toMatchObject({ status: 'ok' });
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('"msg":"stopped"');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes readable lines for a person (LOG_FORMAT=pretty, the default on a terminal)', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'startup-pretty-'));
    const running = startServer({
      PORT: String(port),
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_OWNER_URL: testOwnerUrl(),
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      LOG_FORMAT: 'pretty',
    });
    try {
      await waitForHealth(port, running);
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      expect(running.output()).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: portal is ready/m);
      expect(running.output()).not.toContain('"msg":');
    } finally {
      if (running.child.exitCode === null) running.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('runs on the embedded database, refuses a second copy, and keeps data across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'startup-embedded-'));
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir };
    const started: ReturnType<typeof startServer>[] = [];
    try {
      const first = startServer(env);
      started.push(first);
      expect(await waitForHealth(port, first)).toMatchObject({
        status: 'ok',
        database: { status: 'up' },
      });
      expect(first.output()).toContain('created a demo clinic');
      // A demo clinician and a demo admin, said plainly after "ready", not lost among the logs;
      // and a warning that localhost links do not open on a phone.
      const out = first.output();
      const ready = out.indexOf('portal is ready');
      const shown = out.indexOf('Demo sign-in at');
      expect(ready).toBeGreaterThan(-1);
      expect(shown).toBeGreaterThan(ready);
      expect(out.slice(shown)).toMatch(
        /Clinician \(patients and handouts\)\s+email: +demo\.clinician@example\.com\s+password: +\S+\s+Admin \(people, clinic settings, audit trail\)\s+email: +demo\.admin@example\.com\s+password: +\S+/,
      );
      expect(out).toContain('PUBLIC_URL is a local address');
      const signIn = out.match(/password: (\S+)/)?.[1];
      expect(signIn).toBeTruthy();

      const second = startServer({ ...env, PORT: String(await freePort()) });
      started.push(second);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain('is already in use by process');

      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);

      const again = startServer(env);
      started.push(again);
      await waitForHealth(port, again);
      // Same demo data: not created again, same sign-in printed.
      expect(again.output()).not.toContain('created a demo clinic');
      expect(again.output()).toContain(`password: ${signIn}`);
      again.child.kill('SIGINT');
      expect(await again.exited).toBe(0);
    } finally {
      // A failed expectation must not leave a server (and its database) running.
      for (const server of started)
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
