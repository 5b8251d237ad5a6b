import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database-options';

/** The embedded database's serving role; on DATABASE_URL it is whatever user that URL names. */
export const SERVING_ROLE = 'portal_app';

/**
 * Tables the serving role may read and add to, never change or empty: the audit trail. Its
 * triggers refuse UPDATE, DELETE and TRUNCATE as well, but only the owner could drop them.
 */
const APPEND_ONLY = ['audit_events'];

export interface DatabaseUrls {
  /** The role the app serves as: data privileges only. */
  url: string;
  /** The role that owns the schema and runs migrations; undefined means the same as `url`. */
  ownerUrl?: string;
}

/** True when migrations and serving use two different roles. */
export function hasSeparateOwner(urls: DatabaseUrls): boolean {
  return !!urls.ownerUrl && roleOf(urls.ownerUrl) !== roleOf(urls.url);
}

export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Brings the schema up to date as its owner, then grants the serving role what the app needs
 * on the data and nothing that changes the schema: no ownership, so it cannot ALTER or DROP a
 * table or a trigger, and only SELECT and INSERT on the audit trail. Safe to run on every start.
 */
export async function prepareDatabase(
  urls: DatabaseUrls,
  options: { migrate: boolean },
): Promise<string[]> {
  const owner = await new DataSource(dataSourceOptions(urls.ownerUrl ?? urls.url)).initialize();
  try {
    const applied = options.migrate ? await owner.runMigrations({ transaction: 'each' }) : [];
    if (hasSeparateOwner(urls)) await grantServingRole(owner, roleOf(urls.url));
    return applied.map((m) => m.name);
  } finally {
    await owner.destroy();
  }
}

export async function grantServingRole(owner: DataSource, role: string): Promise<void> {
  const who = `"${role.replace(/"/g, '""')}"`;
  await owner.transaction(async (m) => {
    const tables = new Set(
      (
        (await m.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as {
          tablename: string;
        }[]
      ).map((t) => t.tablename),
    );
    await m.query(`GRANT USAGE ON SCHEMA public TO ${who}`);
    await m.query(`REVOKE CREATE ON SCHEMA public FROM ${who}`);
    await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${who}`);
    for (const table of APPEND_ONLY.filter((t) => tables.has(t)))
      await m.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "${table}" FROM ${who}`);
    if (tables.has('migrations'))
      await m.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "migrations" FROM ${who}`);
    await m.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${who}`);
  });
}
