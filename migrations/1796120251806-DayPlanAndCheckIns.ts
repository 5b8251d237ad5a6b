import { MigrationInterface, QueryRunner } from 'typeorm';

export class DayPlanAndCheckIns1796120251806 implements MigrationInterface {
  name = 'DayPlanAndCheckIns1796120251806';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "check_ins" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "handout_id" uuid NOT NULL, "link_id" uuid NOT NULL, "version_number" integer NOT NULL, "date" date NOT NULL, "day" integer NOT NULL, "pain" smallint, "done" jsonb NOT NULL DEFAULT '[]', "planned" smallint NOT NULL DEFAULT '0', "walked_minutes" integer, "emergency_signs" jsonb NOT NULL DEFAULT '[]', "flags" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fac7f27bc829a454ad477c13f62" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_check_ins_handout" ON "check_ins"  ("clinic_id", "handout_id", "date") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_check_ins_link_date" ON "check_ins"  ("link_id", "date") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_progress" ("handout_id" uuid NOT NULL, "clinic_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "start_date" date, "end_date" date, "last_check_in_on" date, "flags" jsonb NOT NULL DEFAULT '[]', "flagged_on" date, "seen_on" date, "seen_at" TIMESTAMP WITH TIME ZONE, "seen_by_id" uuid, "missed_from" date, "attention_from" date, CONSTRAINT "PK_3ca8fcfdcb7a2e87d9330ab14f9" PRIMARY KEY ("handout_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_plan_progress_attention" ON "plan_progress"  ("clinic_id", "attention_from") `,
    );
    await queryRunner.query(`ALTER TABLE "handout_versions" ADD "start_date" date`);
    await queryRunner.query(`ALTER TABLE "handout_versions" ADD "plan" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "check_ins" ADD CONSTRAINT "FK_d214630c89b76ff13211532db57" FOREIGN KEY ("handout_id") REFERENCES "handouts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_progress" ADD CONSTRAINT "FK_3ca8fcfdcb7a2e87d9330ab14f9" FOREIGN KEY ("handout_id") REFERENCES "handouts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "plan_progress" DROP CONSTRAINT "FK_3ca8fcfdcb7a2e87d9330ab14f9"`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_ins" DROP CONSTRAINT "FK_d214630c89b76ff13211532db57"`,
    );
    await queryRunner.query(`ALTER TABLE "handout_versions" DROP COLUMN "plan"`);
    await queryRunner.query(`ALTER TABLE "handout_versions" DROP COLUMN "start_date"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_plan_progress_attention"`);
    await queryRunner.query(`DROP TABLE "plan_progress"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_check_ins_link_date"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_check_ins_handout"`);
    await queryRunner.query(`DROP TABLE "check_ins"`);
  }
}
