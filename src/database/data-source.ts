import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database-options';

/**
 * For TypeORM's own CLI, with DATABASE_URL set, after `npm run build`:
 * `npx typeorm -d dist/src/database/data-source.js migration:show`.
 * The npm scripts (`migration:*`) do the same through our CLI and also work on the embedded database.
 */
export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/portal'),
);
