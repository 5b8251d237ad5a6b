import { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';

/** The pg pool under TypeORM's data source (the same connections, the same settings). */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/** PostgreSQL's "cached plan must not change result type" (a column's type changed). */
const CACHED_PLAN_CHANGED = '0A000';

/**
 * Runs a query as a named prepared statement: PostgreSQL parses and plans it once per
 * connection instead of on every call. For the hottest queries only (the portal's link, the
 * session); each name must always go with the same text.
 *
 * A migration that changes the type of a column the statement returns makes PostgreSQL refuse
 * the old plan once on each connection that prepared it (instances still running during a
 * rolling deploy). That call is repeated as an ordinary, unprepared query, so nobody sees it.
 */
export async function preparedQuery<Row extends QueryResultRow>(
  pool: Pool,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  try {
    return (await pool.query<Row>({ name, text, values })).rows;
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code !== CACHED_PLAN_CHANGED || !/cached plan/.test(message ?? '')) throw error;
    return (await pool.query<Row>(text, values)).rows;
  }
}
