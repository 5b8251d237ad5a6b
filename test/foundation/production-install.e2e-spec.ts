import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';
import { freePort } from '../../src/database/free-port';
import { testDatabaseUrl, testOwnerUrl } from '../support/test-app';

/**
 * What the production image does, without Docker: the project's files and its build, the
 * dependencies pruned to production ones (`npm prune --omit=dev`, as the image does), started
 * with NODE_ENV=production. A package the app loads at run
 * time but lists as a development dependency fails here.
 */
describe('the production install', () => {
  const dir = mkdtempSync(join(tmpdir(), 'production-install-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with production dependencies only and answers /health', async () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    for (const file of files) cpSync(join(PROJECT_ROOT, file), join(dir, file), { force: true });
    cpSync(join(PROJECT_ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    // The installed packages as hard links (quick, and pruning the copy leaves ours alone),
    // then the image's own step.
    execFileSync('cp', ['-al', join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules')]);
    execFileSync('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: dir,
      stdio: 'pipe',
      env: { ...process.env, NODE_ENV: 'production' },
    });

    const port = await freePort();
    const child = spawn(process.execPath, [join(dir, 'dist', 'src', 'main.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_OWNER_URL: testOwnerUrl(),
        DATA_DIR: join(dir, '.data'),
        SESSION_SECRET: 'production-install-secret-0123456789abcdef',
        PUBLIC_URL: 'https://handouts.example.org',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      const deadline = Date.now() + 40_000;
      let status = 0;
      while (Date.now() < deadline && child.exitCode === null) {
        status = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (status !== 200) throw new Error(`no healthy start (exit ${child.exitCode}):\n${output}`);
      expect(status).toBe(200);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }, 120_000);
});
