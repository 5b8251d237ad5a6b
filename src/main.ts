import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { DatabaseUrls, hasSeparateOwner, prepareDatabase } from './database/database-roles';
import { DatabaseInUseError, DataDirError, EmbeddedDatabase } from './database/embedded-database';
import { DemoDataService } from './demo/demo-data.service';
import { LibraryImportService } from './library/library-import.service';
import { configureLogging, readableLog, writeToLogStream } from './logging/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  // Readable lines for a person at a terminal; JSON for files, pipes and log collectors.
  const readable =
    config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const log = configureLogging(config.logLevel, readable ? readableLog() : undefined);

  let embedded: EmbeddedDatabase | undefined;
  let urls: DatabaseUrls;
  if (config.databaseUrl) {
    urls = { url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl };
    if (!hasSeparateOwner(urls) && config.isProduction)
      log.warn(
        'the app serves as the schema owner: set DATABASE_OWNER_URL for migrations and give DATABASE_URL a role with data privileges only (README, "Database roles")',
      );
  } else {
    embedded = new EmbeddedDatabase({
      dataDir: config.dataDir,
      onSupervision: ({ kind, attempt }) =>
        log[kind === 'restarted' ? 'info' : 'error']({ attempt }, `embedded PostgreSQL ${kind}`),
    });
    log.info({ dataDir: config.dataDir }, 'starting embedded PostgreSQL');
    const url = await embedded.start();
    urls = { url, ownerUrl: embedded.ownerUrl };
  }

  const app = await prepareDatabase(urls, { migrate: config.migrationsRun })
    .then(() => createApp(config, urls.url))
    .catch(async (error) => {
      await embedded?.stop();
      throw error;
    });
  if (config.libraryImport) await app.get(LibraryImportService).importStarterLibrary();
  if (config.demoData) await app.get(DemoDataService).seedIfEmpty();
  const server = await app.listen(config.port);
  log.info({ url: config.publicUrl, port: config.port }, 'portal is ready');
  if (config.publicUrlIsLocal)
    log.warn(
      { url: config.publicUrl },
      'PUBLIC_URL is a local address: portal links and QR codes will not open on a phone. Set PUBLIC_URL to an address patients can reach.',
    );
  // Last, so it is not lost among the start-up lines.
  const signIn = config.demoData ? app.get(DemoDataService).signInText() : null;
  if (signIn) writeToLogStream(signIn);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    server.closeIdleConnections?.();
    await app.close(); // stops accepting, waits for in-flight requests, closes the pool
    await embedded?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof DatabaseInUseError ||
    error instanceof DataDirError
  ) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `The portal could not start: ${(error as Error)?.stack ?? String(error)}\n`,
    );
  }
  process.exit(1);
});
