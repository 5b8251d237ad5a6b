import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published versions keep their document's view model, and pages and PDFs are drawn from it.
 * Versions published before have none (null) and are drawn from their stored HTML.
 */
export class HandoutVersionDocument1796100786293 implements MigrationInterface {
  name = 'HandoutVersionDocument1796100786293';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "handout_versions" ADD "document" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "handout_versions" DROP COLUMN "document"`);
  }
}
