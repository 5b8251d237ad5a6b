import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/database-options';
import { prepareDatabase } from '../../src/database/database-roles';
import { EmbeddedDatabase } from '../../src/database/embedded-database';
import { LibraryImporter } from '../../src/library/library-importer';

/**
 * Once per run: a real PostgreSQL (TEST_DATABASE_URL as the serving role and
 * TEST_DATABASE_OWNER_URL as the schema's owner, or an embedded cluster on a free port in
 * a temporary folder) with every migration applied and the starter library imported. Tests
 * make their own rows.
 */
export default async function globalSetup(): Promise<void> {
  let url = process.env.TEST_DATABASE_URL;
  let ownerUrl = process.env.TEST_DATABASE_OWNER_URL ?? url;
  if (!url) {
    const dataDir = mkdtempSync(join(tmpdir(), 'clinic-handouts-test-'));
    const database = new EmbeddedDatabase({ dataDir, fast: true });
    url = await database.start();
    ownerUrl = database.ownerUrl;
    (globalThis as Record<string, unknown>).__testDatabase = { database, dataDir };
    process.env.TEST_DATABASE_URL = url;
    process.env.TEST_DATABASE_OWNER_URL = ownerUrl;
  }
  await prepareDatabase({ url, ownerUrl }, { migrate: true });
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    await new LibraryImporter(dataSource).importStarterLibrary();
  } finally {
    await dataSource.destroy();
  }
}
