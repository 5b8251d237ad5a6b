import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClinicSafetySettings1796101671560 implements MigrationInterface {
  name = 'ClinicSafetySettings1796101671560';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "clinics" ADD "emergency_number" character varying(20) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(
      `ALTER TABLE "clinics" ADD "out_of_hours" character varying(120) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(
      `ALTER TABLE "clinics" ADD "weight_unit" character varying(2) NOT NULL DEFAULT 'kg'`,
    );
    await queryRunner.query(
      `ALTER TABLE "clinics" ADD CONSTRAINT "CHK_clinics_weight_unit" CHECK ("weight_unit" IN ('kg', 'lb'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinics" DROP CONSTRAINT "CHK_clinics_weight_unit"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "weight_unit"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "out_of_hours"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "emergency_number"`);
  }
}
