import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { configureLogging } from '../../src/logging/logger';

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the e2e tests through jest');
  return url;
}

/** The schema owner's address: migrations, and tests that prove what the serving role cannot do. */
export function testOwnerUrl(): string {
  return process.env.TEST_DATABASE_OWNER_URL ?? testDatabaseUrl();
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'clinic-handouts-app-')),
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    MIGRATIONS_RUN: 'false',
    LIBRARY_IMPORT: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  });
}

/** The real application, as main.ts builds it, on the shared test database. */
export async function startTestApp(
  overrides: Record<string, string> = {},
  extraImports: Parameters<typeof createApp>[2] = [],
  options: { logLines?: string[] } = {},
): Promise<NestExpressApplication> {
  const config = testConfig(overrides);
  const lines = options.logLines;
  configureLogging(
    config.logLevel,
    lines ? { write: (line: string) => void lines.push(line) } : undefined,
  );
  const app = await createApp(config, testDatabaseUrl(), extraImports);
  await app.init();
  return app;
}

/** The app's address on loopback, listening first if it is not yet (for real parallel requests). */
export async function listeningUrl(app: NestExpressApplication): Promise<string> {
  const server = app.getHttpServer() as import('node:http').Server;
  if (!server.listening) await app.listen(0, '127.0.0.1');
  const address = server.address() as import('node:net').AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}
