import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/database-options';
import { testOwnerUrl } from '../support/test-app';

/** Runs every migration up on a brand-new empty database, then every one down again. */
describe('migrations', () => {
  const name = `migrations_${randomBytes(4).toString('hex')}`;
  const adminUrl = testOwnerUrl();
  const url = adminUrl.replace(/\/[^/]+$/, `/${name}`);

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  });

  afterAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  });

  it('apply to an empty database, leave no schema drift, and revert cleanly', async () => {
    const ds = await new DataSource(dataSourceOptions(url)).initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied.length).toBeGreaterThan(0);
      expect(await ds.runMigrations()).toEqual([]);

      const tables = await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(
        expect.arrayContaining(['clinics', 'migrations', 'users']),
      );

      // The entities and the migrations describe the same schema.
      const drift = await ds.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);

      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const left = await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(left).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
