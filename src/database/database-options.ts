import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/**
 * The one description of the database, shared by the app, our CLI and TypeORM's own CLI.
 * `synchronize` is off everywhere: the schema only changes through migrations.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: loadMigrations(),
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}

/**
 * Migration classes, required one by one so the same code works from src/ (tests) and
 * dist/ (the built app), with files sorted by their timestamp prefix.
 */
function loadMigrations(): Function[] {
  if (!existsSync(MIGRATIONS_DIR)) return [];
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d+-[\w-]+\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .sort();
  return files.flatMap((file) => Object.values(require(join(MIGRATIONS_DIR, file))) as Function[]);
}
