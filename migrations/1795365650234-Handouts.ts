import { MigrationInterface, QueryRunner } from 'typeorm';

export class Handouts1795365650234 implements MigrationInterface {
  name = 'Handouts1795365650234';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "handouts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "condition" character varying(60) NOT NULL DEFAULT 'low-back-spasm', "template_key" character varying(60), "draft" jsonb NOT NULL, "revision" integer NOT NULL DEFAULT '1', "latest_version" integer NOT NULL DEFAULT '0', "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d161ec1397cb827b465d9deeac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_handouts_patient" ON "handouts"  ("clinic_id", "patient_id", "updated_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "handout_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "handout_id" uuid NOT NULL, "clinic_id" uuid NOT NULL, "number" integer NOT NULL, "language" character varying(10) NOT NULL DEFAULT 'en', "title" character varying(120) NOT NULL, "note" text NOT NULL, "follow_up_date" date, "blocks" jsonb NOT NULL, "html" text NOT NULL, "plain_text" text NOT NULL, "reading_grade" real NOT NULL, "content_hash" character varying(64) NOT NULL, "published_by_id" uuid NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_649488dd26b0b28195b9158478c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_handout_versions_clinic" ON "handout_versions"  ("clinic_id", "published_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_handout_versions_number" ON "handout_versions"  ("handout_id", "number") `,
    );
    await queryRunner.query(
      `ALTER TABLE "handouts" ADD CONSTRAINT "FK_03453ea32fe1de2ddbc1ff012c5" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "handout_versions" ADD CONSTRAINT "FK_8869e4e5da031eeb15153d9fce3" FOREIGN KEY ("handout_id") REFERENCES "handouts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Reviewed addition: a published version is never changed or deleted.
    await queryRunner.query(`CREATE FUNCTION handout_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'handout_versions: a published version never changes (% refused)', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_handout_versions_frozen" BEFORE UPDATE OR DELETE ON "handout_versions" FOR EACH ROW EXECUTE FUNCTION handout_versions_frozen()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_handout_versions_frozen" ON "handout_versions"`);
    await queryRunner.query(`DROP FUNCTION handout_versions_frozen()`);
    await queryRunner.query(
      `ALTER TABLE "handout_versions" DROP CONSTRAINT "FK_8869e4e5da031eeb15153d9fce3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "handouts" DROP CONSTRAINT "FK_03453ea32fe1de2ddbc1ff012c5"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_handout_versions_number"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_handout_versions_clinic"`);
    await queryRunner.query(`DROP TABLE "handout_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_handouts_patient"`);
    await queryRunner.query(`DROP TABLE "handouts"`);
  }
}
