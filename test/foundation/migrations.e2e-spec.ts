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

      // The next visit's one date: a draft that set the follow-up block's own date keeps it as
      // the handout's follow-up date, and the block's old value goes.
      const from = applied.findIndex((m) => m.name.startsWith('FollowUpDateOnHandout'));
      expect(from).toBeGreaterThan(-1);
      for (let i = applied.length; i > from; i--)
        await ds.undoLastMigration({ transaction: 'each' });
      const [{ id: clinicId }] = await ds.query(
        `INSERT INTO clinics (name) VALUES ('Migration clinic') RETURNING id`,
      );
      const [{ id: patientId }] = await ds.query(
        `INSERT INTO patients (clinic_id, display_name, date_of_birth) VALUES ($1, 'P', '1970-01-01') RETURNING id`,
        [clinicId],
      );
      const [{ id: userId }] = await ds.query(
        `INSERT INTO users (clinic_id, email, name, role, password_hash) VALUES ($1, 'a@example.org', 'A', 'clinician', 'x') RETURNING id`,
        [clinicId],
      );
      const draft = {
        title: 'T',
        note: '',
        followUpDate: null,
        blocks: [
          { key: 'emergency-signs', params: {} },
          { key: 'follow-up', params: { date: '2027-02-03', with: 'Dr Lee' } },
        ],
      };
      const [{ id: handoutId }] = await ds.query(
        `INSERT INTO handouts (clinic_id, patient_id, created_by_id, draft) VALUES ($1, $2, $3, $4) RETURNING id`,
        [clinicId, patientId, userId, JSON.stringify(draft)],
      );
      expect((await ds.runMigrations()).map((m) => m.name)).toEqual(
        applied.slice(from).map((m) => m.name),
      );
      const [{ draft: migrated }] = await ds.query(`SELECT draft FROM handouts WHERE id = $1`, [
        handoutId,
      ]);
      expect(migrated).toEqual({
        ...draft,
        followUpDate: '2027-02-03',
        blocks: [
          { key: 'emergency-signs', params: {} },
          { key: 'follow-up', params: { with: 'Dr Lee' } },
        ],
      });
      await ds.query(
        `DELETE FROM handouts; DELETE FROM patients; DELETE FROM users; DELETE FROM clinics`,
      );

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
