import { MigrationInterface, QueryRunner } from 'typeorm';

export class LanguagesAndTranslations1796136124474 implements MigrationInterface {
  name = 'LanguagesAndTranslations1796136124474';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "handout_versions" ADD "reading_ease" real`);
    await queryRunner.query(`ALTER TABLE "block_versions" ADD "reading_ease" real`);
    await queryRunner.query(
      `ALTER TABLE "block_versions" ADD "translation_checked_by" character varying(120)`,
    );
    await queryRunner.query(`ALTER TABLE "block_versions" ADD "translation_checked_on" date`);
    await queryRunner.query(
      `ALTER TABLE "protocol_versions" ADD "translations" jsonb NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "handout_versions" ALTER COLUMN "reading_grade" DROP NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "block_versions" ALTER COLUMN "reading_grade" DROP NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "block_versions" ALTER COLUMN "smog_grade" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "block_versions" ALTER COLUMN "smog_grade" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "block_versions" ALTER COLUMN "reading_grade" SET NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "handout_versions" ALTER COLUMN "reading_grade" SET NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "protocol_versions" DROP COLUMN "translations"`);
    await queryRunner.query(`ALTER TABLE "block_versions" DROP COLUMN "translation_checked_on"`);
    await queryRunner.query(`ALTER TABLE "block_versions" DROP COLUMN "translation_checked_by"`);
    await queryRunner.query(`ALTER TABLE "block_versions" DROP COLUMN "reading_ease"`);
    await queryRunner.query(`ALTER TABLE "handout_versions" DROP COLUMN "reading_ease"`);
  }
}
