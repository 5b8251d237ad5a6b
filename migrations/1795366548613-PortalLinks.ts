import { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalLinks1795366548613 implements MigrationInterface {
  name = 'PortalLinks1795366548613';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "portal_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "handout_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "require_dob" boolean NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "failed_dob_attempts" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1bb82b3e588a5030649b3dc95b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_portal_links_handout" ON "portal_links"  ("clinic_id", "handout_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_portal_links_token_hash" ON "portal_links"  ("token_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "portal_links" ADD CONSTRAINT "FK_ff5e3ea5b077181c80ff269a2ad" FOREIGN KEY ("handout_id") REFERENCES "handouts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "portal_links" DROP CONSTRAINT "FK_ff5e3ea5b077181c80ff269a2ad"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_portal_links_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_portal_links_handout"`);
    await queryRunner.query(`DROP TABLE "portal_links"`);
  }
}
