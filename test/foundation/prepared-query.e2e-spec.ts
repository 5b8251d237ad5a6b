import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { preparedQuery } from '../../src/database/prepared-query';
import { testOwnerUrl } from '../support/test-app';

/** Named prepared statements survive a column type change made while they are cached. */
describe(preparedQuery.name, () => {
  // One connection, so the second call meets the plan the first one cached. As the schema's
  // owner: only it may create and alter tables.
  const pool = new Pool({ connectionString: testOwnerUrl(), max: 1 });
  const table = `prepared_probe_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  it('answers again after a migration changes a returned column, as a plain query', async () => {
    await pool.query(`CREATE TABLE ${table} (id int PRIMARY KEY, label varchar(10) NOT NULL)`);
    await pool.query(`INSERT INTO ${table} VALUES (1, 'first')`);
    const text = `SELECT id, label FROM ${table} WHERE id = $1`;
    expect(await preparedQuery(pool, `probe-${table}`, text, [1])).toEqual([
      { id: 1, label: 'first' },
    ]);

    await pool.query(`ALTER TABLE ${table} ALTER COLUMN label TYPE text`);
    // PostgreSQL refuses the cached plan once on this connection; the call is made again, plain.
    const calls = jest.spyOn(pool, 'query');
    expect(await preparedQuery(pool, `probe-${table}`, text, [1])).toEqual([
      { id: 1, label: 'first' },
    ]);
    expect(calls).toHaveBeenCalledTimes(2);
    await expect(calls.mock.results[0].value).rejects.toMatchObject({ code: '0A000' });
    calls.mockRestore();
  });

  it('passes on every other error', async () => {
    await expect(
      preparedQuery(pool, `missing-${table}`, `SELECT * FROM ${table}_missing`, []),
    ).rejects.toMatchObject({ code: '42P01' });
  });
});
