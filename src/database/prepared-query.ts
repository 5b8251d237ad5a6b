import { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';

/** The pg pool under TypeORM's data source (the same connections, the same settings). */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Runs a query as a named prepared statement: PostgreSQL parses and plans it once per
 * connection instead of on every call. For the hottest queries only (the portal's link, the
 * session); each name must always go with the same text. Name only queries that list their
 * columns: PostgreSQL re-plans a prepared statement after a schema change, but refuses one
 * whose result columns changed.
 */
export async function preparedQuery<Row extends QueryResultRow>(
  pool: Pool,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const { rows } = await pool.query<Row>({ name, text, values });
  return rows;
}
