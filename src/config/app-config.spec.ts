import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'config-spec-'));

  it('has working defaults for development', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toBeInstanceOf(AppConfig);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.migrationsRun).toBe(true);
    expect(config.demoData).toBe(true);
    expect(config.isProduction).toBe(false);
    // Chromium's one-process mode hangs prints after a few minutes: not the default.
    expect(config.chromiumSingleProcess).toBe(false);
    // A development session secret is generated once and kept in DATA_DIR.
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'session-secret'), 'utf8').trim()).toBe(config.sessionSecret);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(config.sessionSecret);
  });

  it('reads every variable of the contract', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/portal',
      DATA_DIR: '/var/lib/portal',
      PUBLIC_URL: 'https://handouts.example.org/',
      SESSION_SECRET: 'x'.repeat(40),
      NODE_ENV: 'production',
      MIGRATIONS_RUN: 'false',
      CHROMIUM_SINGLE_PROCESS: 'true',
      DATABASE_OWNER_URL: 'postgres://owner:p@db:5432/portal',
      TRUST_PROXY: '172.16.0.0/12, 10.0.0.1',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/portal',
      databaseOwnerUrl: 'postgres://owner:p@db:5432/portal',
      trustProxy: '172.16.0.0/12, 10.0.0.1',
      dataDir: '/var/lib/portal',
      publicUrl: 'https://handouts.example.org',
      migrationsRun: false,
      chromiumSingleProcess: true,
      demoData: false,
      isProduction: true,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be a whole number'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL must be an http:// or https:// address'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, production, test'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET is required when NODE_ENV=production'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET must be at least 32 characters'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN must be true or false'],
    [{ CHROMIUM_SINGLE_PROCESS: 'maybe' }, 'CHROMIUM_SINGLE_PROCESS must be true or false'],
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY must be loopback, linklocal, uniquelocal'],
    [{ DATABASE_OWNER_URL: 'mysql://x' }, 'DATABASE_OWNER_URL must be a postgres://'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [
      { PUPPETEER_EXECUTABLE_PATH: '/nope/chrome' },
      'PUPPETEER_EXECUTABLE_PATH points to a file that does not exist',
    ],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'x', PUBLIC_URL: 'nope', DATA_DIR: dataDir() });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('never turns demo data on in production', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'y'.repeat(32), DEMO_DATA: 'true' }),
    ).toThrow('DEMO_DATA cannot be on when NODE_ENV=production');
  });
});
