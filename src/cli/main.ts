import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config';
import { EmbeddedDatabase } from '../database/embedded-database';
import { configureLogging } from '../logging/logger';
import { runCli } from './cli';

/** `npm run cli -- <command>`: one JSON line on stdout on success, the reason on stderr otherwise. */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  } catch (error) {
    process.stderr.write(`${(error as ConfigError).message}\n`);
    return 1;
  }
  configureLogging(config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  const connect = async () => {
    if (config.databaseUrl) return { url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl };
    embedded = new EmbeddedDatabase({ dataDir: config.dataDir });
    const url = await embedded.attachOrStart();
    return { url, ownerUrl: embedded.ownerUrl };
  };
  try {
    return await runCli(process.argv.slice(2), config, connect, {
      out: (line) => process.stdout.write(line + '\n'),
      err: (line) => process.stderr.write(line + '\n'),
    });
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
