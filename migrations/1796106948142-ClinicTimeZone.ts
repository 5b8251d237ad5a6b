import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClinicTimeZone1796106948142 implements MigrationInterface {
  name = 'ClinicTimeZone1796106948142';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "clinics" ADD "time_zone" character varying(64) NOT NULL DEFAULT 'UTC'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "time_zone"`);
  }
}
