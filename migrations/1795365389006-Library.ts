import { MigrationInterface, QueryRunner } from 'typeorm';

export class Library1795365389006 implements MigrationInterface {
  name = 'Library1795365389006';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "blocks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(60) NOT NULL, "owner_clinic_id" uuid, "category" character varying(30) NOT NULL, "conditions" text array NOT NULL DEFAULT '{}', "current_version_id" uuid, "retired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8244fa1495c4e9222a01059244b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_blocks_clinic_key" ON "blocks"  ("owner_clinic_id", "key") WHERE "owner_clinic_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_blocks_shared_key" ON "blocks"  ("key") WHERE "owner_clinic_id" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "block_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "block_id" uuid NOT NULL, "number" integer NOT NULL, "language" character varying(10) NOT NULL DEFAULT 'en', "status" character varying(10) NOT NULL, "title" character varying(120) NOT NULL, "category" character varying(30) NOT NULL, "conditions" text array NOT NULL DEFAULT '{}', "summary" character varying(240) NOT NULL, "body" text NOT NULL, "parameters" jsonb NOT NULL, "sources" jsonb NOT NULL, "reading_grade" real NOT NULL, "smog_grade" real NOT NULL, "search_text" text NOT NULL, "content_hash" character varying(64) NOT NULL, "author_id" uuid, "approved_by_id" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_block_versions_approval" CHECK (("status" = 'draft') = ("approved_at" IS NULL)), CONSTRAINT "CHK_block_versions_status" CHECK ("status" IN ('draft', 'approved', 'retired')), CONSTRAINT "PK_b3948be8a275892d3789f18fd4f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_block_versions_number" ON "block_versions"  ("block_id", "language", "number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "protocols" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(60) NOT NULL, "owner_clinic_id" uuid, "condition" character varying(60) NOT NULL, "current_version_id" uuid, "retired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_69900eec42c88582ac8affff3e1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_protocols_clinic_key" ON "protocols"  ("owner_clinic_id", "key") WHERE "owner_clinic_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_protocols_shared_key" ON "protocols"  ("key") WHERE "owner_clinic_id" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "protocol_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "protocol_id" uuid NOT NULL, "number" integer NOT NULL, "status" character varying(10) NOT NULL, "title" character varying(120) NOT NULL, "description" character varying(300) NOT NULL, "blocks" jsonb NOT NULL, "content_hash" character varying(64) NOT NULL, "author_id" uuid, "approved_by_id" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_protocol_versions_approval" CHECK (("status" = 'draft') = ("approved_at" IS NULL)), CONSTRAINT "CHK_protocol_versions_status" CHECK ("status" IN ('draft', 'approved', 'retired')), CONSTRAINT "PK_c63c5f6cfa4f43a2cb6e10c49f1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_protocol_versions_number" ON "protocol_versions"  ("protocol_id", "number") `,
    );
    await queryRunner.query(
      `ALTER TABLE "blocks" ADD CONSTRAINT "FK_5539b73e3560cd4e22dc2a841ac" FOREIGN KEY ("owner_clinic_id") REFERENCES "clinics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "blocks" ADD CONSTRAINT "FK_52efa0ad54f0d9e520580b143e1" FOREIGN KEY ("current_version_id") REFERENCES "block_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "block_versions" ADD CONSTRAINT "FK_bb4d0aaf11f3b1dd3b0255dca91" FOREIGN KEY ("block_id") REFERENCES "blocks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "protocols" ADD CONSTRAINT "FK_a64115345b3c1ba29fd4ae10c24" FOREIGN KEY ("owner_clinic_id") REFERENCES "clinics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "protocols" ADD CONSTRAINT "FK_1a4b20ca14eb6987bf3064d8e0f" FOREIGN KEY ("current_version_id") REFERENCES "protocol_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "protocol_versions" ADD CONSTRAINT "FK_0d01b510b675fd5e6690ef804ec" FOREIGN KEY ("protocol_id") REFERENCES "protocols"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Reviewed additions. Word search over key, title, summary and text:
    await queryRunner.query(
      `CREATE INDEX "IDX_block_versions_search_trgm" ON "block_versions" USING gin ("search_text" gin_trgm_ops)`,
    );
    // Approved and retired versions never change again. The only change allowed after
    // approval is approved -> retired; drafts may be edited or deleted.
    for (const table of ['block_versions', 'protocol_versions']) {
      await queryRunner.query(`CREATE FUNCTION ${table}_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.status <> 'draft' THEN
              RAISE EXCEPTION '${table}: an approved version cannot be deleted' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
          END IF;
          IF OLD.status <> 'draft' AND NOT (
            OLD.status = 'approved' AND NEW.status = 'retired'
            AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status')
          ) THEN
            RAISE EXCEPTION '${table}: an approved version never changes' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$`);
      await queryRunner.query(
        `CREATE TRIGGER "TRG_${table}_frozen" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${table}_frozen()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['block_versions', 'protocol_versions']) {
      await queryRunner.query(`DROP TRIGGER "TRG_${table}_frozen" ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION ${table}_frozen()`);
    }
    await queryRunner.query(`DROP INDEX "public"."IDX_block_versions_search_trgm"`);
    await queryRunner.query(
      `ALTER TABLE "protocol_versions" DROP CONSTRAINT "FK_0d01b510b675fd5e6690ef804ec"`,
    );
    await queryRunner.query(
      `ALTER TABLE "protocols" DROP CONSTRAINT "FK_1a4b20ca14eb6987bf3064d8e0f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "protocols" DROP CONSTRAINT "FK_a64115345b3c1ba29fd4ae10c24"`,
    );
    await queryRunner.query(
      `ALTER TABLE "block_versions" DROP CONSTRAINT "FK_bb4d0aaf11f3b1dd3b0255dca91"`,
    );
    await queryRunner.query(
      `ALTER TABLE "blocks" DROP CONSTRAINT "FK_52efa0ad54f0d9e520580b143e1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "blocks" DROP CONSTRAINT "FK_5539b73e3560cd4e22dc2a841ac"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_protocol_versions_number"`);
    await queryRunner.query(`DROP TABLE "protocol_versions"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_protocols_shared_key"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_protocols_clinic_key"`);
    await queryRunner.query(`DROP TABLE "protocols"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_block_versions_number"`);
    await queryRunner.query(`DROP TABLE "block_versions"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_blocks_shared_key"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_blocks_clinic_key"`);
    await queryRunner.query(`DROP TABLE "blocks"`);
  }
}
