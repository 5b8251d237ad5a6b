import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795363457478 implements MigrationInterface {
  name = 'Initial1795363457478';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "clinics" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "phone" character varying(40) NOT NULL DEFAULT '', "address" character varying(300) NOT NULL DEFAULT '', "website" character varying(200) NOT NULL DEFAULT '', "logo" bytea, "logo_type" character varying(20), "accent_color" character varying(7) NOT NULL DEFAULT '#1f5f8b', "paper_size" character varying(6) NOT NULL DEFAULT 'A4', "default_link_days" integer NOT NULL DEFAULT '90', "require_dob_by_default" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_clinics_accent" CHECK ("accent_color" ~ '^#[0-9a-f]{6}$'), CONSTRAINT "CHK_clinics_link_days" CHECK ("default_link_days" BETWEEN 1 AND 365), CONSTRAINT "CHK_clinics_paper_size" CHECK ("paper_size" IN ('A4', 'Letter')), CONSTRAINT "PK_5513b659e4d12b01a8ab3956abc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(120) NOT NULL, "role" character varying(10) NOT NULL, "password_hash" character varying(200) NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_users_email_lower" CHECK ("email" = lower("email")), CONSTRAINT "CHK_users_role" CHECK ("role" IN ('clinician', 'editor', 'admin')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_users_clinic" ON "users"  ("clinic_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users"  ("email") `);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_e01b3eb43a6c8ae7d74d1ceeb2c" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_e01b3eb43a6c8ae7d74d1ceeb2c"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_users_clinic"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "clinics"`);
  }
}
