import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeys1796163010978 implements MigrationInterface {
  name = 'ApiKeys1796163010978';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "name" character varying(80) NOT NULL, "scopes" text array NOT NULL, "key_hash" character varying(64) NOT NULL, "key_prefix" character varying(16) NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by_id" uuid, CONSTRAINT "CHK_api_keys_scopes" CHECK ("scopes" <@ ARRAY['patients:read','patients:write','handouts:read','handouts:write','links:write']::text[]), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_api_keys_clinic" ON "api_keys"  ("clinic_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_keys_key_hash" ON "api_keys"  ("key_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_93494459989ce903e9b4124f0dd" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "api_keys" DROP CONSTRAINT "FK_93494459989ce903e9b4124f0dd"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_api_keys_key_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_keys_clinic"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
