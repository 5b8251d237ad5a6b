import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../config/paths';

/**
 * What `typeorm migration:generate` does: diff the entities against a database that has every
 * migration applied, and write the difference as a reviewed-by-a-person migration file.
 * Returns the file written, or undefined when the schema already matches.
 */
export async function generateMigration(
  dataSource: DataSource,
  name: string,
): Promise<string | undefined> {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new Error(
      `migration name must be PascalCase letters and digits, like AddPatients (got "${name}")`,
    );
  }
  await dataSource.runMigrations({ transaction: 'each' });
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) return undefined;

  const timestamp = Date.now();
  const up = sql.upQueries.map((q) => statement(q.query, q.parameters));
  const down = sql.downQueries.reverse().map((q) => statement(q.query, q.parameters));
  const file = join(PROJECT_ROOT, 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.join('\n')}
  }
}
`,
  );
  return file;
}

function statement(query: string, parameters?: unknown[]): string {
  const text = query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  const params = parameters?.length ? `, ${JSON.stringify(parameters)}` : '';
  return `    await queryRunner.query(\`${text}\`${params});`;
}
