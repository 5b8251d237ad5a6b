import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (expression indexes are not generated): MRN prefix search, so that a name
 * OR MRN search combines two indexes instead of reading the whole table.
 */
export class PatientSearch1795367760504 implements MigrationInterface {
  name = 'PatientSearch1795367760504';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_patients_mrn_prefix" ON "patients" (lower("mrn") text_pattern_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_patients_mrn_prefix"`);
  }
}
