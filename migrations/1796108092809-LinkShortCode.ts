import { MigrationInterface, QueryRunner } from 'typeorm';

export class LinkShortCode1796108092809 implements MigrationInterface {
  name = 'LinkShortCode1796108092809';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "portal_links" ADD "short_code_hash" character varying(64)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_portal_links_short_code_hash" ON "portal_links"  ("short_code_hash") WHERE "short_code_hash" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_portal_links_short_code_hash"`);
    await queryRunner.query(`ALTER TABLE "portal_links" DROP COLUMN "short_code_hash"`);
  }
}
