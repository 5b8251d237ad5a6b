import { MigrationInterface, QueryRunner } from 'typeorm';

export class UserEmailPerClinic1796093346182 implements MigrationInterface {
  name = 'UserEmailPerClinic1796093346182';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_users_email"`);
    await queryRunner.query(`CREATE INDEX "IDX_users_email" ON "users"  ("email") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_users_clinic_email" ON "users"  ("clinic_id", "email") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_users_clinic_email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_users_email"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_users_email" ON "users" USING btree ("email") `,
    );
  }
}
