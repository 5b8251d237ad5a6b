import { MigrationInterface, QueryRunner } from 'typeorm';

export class PasswordResets1796093904180 implements MigrationInterface {
  name = 'PasswordResets1796093904180';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_resets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "user_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4816377aa98211c1de34469e742" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_password_resets_user" ON "password_resets"  ("clinic_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_password_resets_token_hash" ON "password_resets"  ("token_hash") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_password_resets_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_password_resets_user"`);
    await queryRunner.query(`DROP TABLE "password_resets"`);
  }
}
