import { MigrationInterface, QueryRunner } from 'typeorm';

/** Content governance: who reviewed each approved version, when, and when it is due again. */
export class ContentReview1796101772086 implements MigrationInterface {
  name = 'ContentReview1796101772086';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "block_versions" ADD "reviewed_by" character varying(120)`,
    );
    await queryRunner.query(`ALTER TABLE "block_versions" ADD "reviewed_on" date`);
    await queryRunner.query(`ALTER TABLE "block_versions" ADD "next_review_on" date`);
    await queryRunner.query(
      `ALTER TABLE "protocol_versions" ADD "reviewed_by" character varying(120)`,
    );
    await queryRunner.query(`ALTER TABLE "protocol_versions" ADD "reviewed_on" date`);
    await queryRunner.query(`ALTER TABLE "protocol_versions" ADD "next_review_on" date`);
    // Reviewed addition. Versions approved before reviews were recorded: their approver
    // reviewed them on the day of approval, due again 24 months later (the shared library's
    // are replaced by the import that follows). Only these three new columns are written, so
    // the frozen-version trigger is set aside for this one statement per table.
    for (const table of ['block_versions', 'protocol_versions']) {
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE TRIGGER "TRG_${table}_frozen"`);
      await queryRunner.query(
        `UPDATE "${table}" v SET reviewed_by = coalesce(u.name, 'Starter library (imported)'),
                reviewed_on = v.approved_at::date,
                next_review_on = (v.approved_at + interval '24 months')::date
           FROM "${table}" x LEFT JOIN "users" u ON u.id = x.approved_by_id
          WHERE x.id = v.id AND v.approved_at IS NOT NULL`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE TRIGGER "TRG_${table}_frozen"`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "protocol_versions" DROP COLUMN "next_review_on"`);
    await queryRunner.query(`ALTER TABLE "protocol_versions" DROP COLUMN "reviewed_on"`);
    await queryRunner.query(`ALTER TABLE "protocol_versions" DROP COLUMN "reviewed_by"`);
    await queryRunner.query(`ALTER TABLE "block_versions" DROP COLUMN "next_review_on"`);
    await queryRunner.query(`ALTER TABLE "block_versions" DROP COLUMN "reviewed_on"`);
    await queryRunner.query(`ALTER TABLE "block_versions" DROP COLUMN "reviewed_by"`);
  }
}
