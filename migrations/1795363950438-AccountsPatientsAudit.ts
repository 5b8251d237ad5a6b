import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsPatientsAudit1795363950438 implements MigrationInterface {
  name = 'AccountsPatientsAudit1795363950438';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "clinic_id" uuid, "actor_type" character varying(10) NOT NULL, "actor_id" character varying(64), "action" character varying(60) NOT NULL, "target_type" character varying(30), "target_id" character varying(64), "outcome" character varying(10) NOT NULL, "ip" character varying(45), "user_agent" character varying(300), "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_action_ip_at" ON "audit_events"  ("action", "ip", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_action_target_at" ON "audit_events"  ("action", "target_id", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_clinic_at" ON "audit_events"  ("clinic_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" ("sid" character varying(255) NOT NULL, "sess" json NOT NULL, "expire" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e2d6172ca19b8ebef797c362b05" PRIMARY KEY ("sid"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sessions_expire" ON "sessions"  ("expire") `);
    await queryRunner.query(
      `CREATE TABLE "patients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "display_name" character varying(120) NOT NULL, "date_of_birth" date NOT NULL, "mrn" character varying(40), "language" character varying(10) NOT NULL DEFAULT 'en', "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a7f0b9fcbb3469d5ec0b0aceaa7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_patients_clinic_name" ON "patients"  ("clinic_id", "display_name") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_patients_clinic_mrn" ON "patients"  ("clinic_id", "mrn") `,
    );
    await queryRunner.query(
      `ALTER TABLE "patients" ADD CONSTRAINT "FK_e04719758e19c1b94f3768aa7c9" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Reviewed additions (not generated): trigram search on names, session lookup by user,
    // and the audit trail's append-only rule, enforced by the database itself.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "IDX_patients_name_trgm" ON "patients" USING gin (lower("display_name") gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sessions_user" ON "sessions" ((("sess"->'passport')->>'user'))`,
    );
    await queryRunner.query(`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "TRG_audit_events_append_only"
      BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await queryRunner.query(`CREATE TRIGGER "TRG_audit_events_no_truncate"
      BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_audit_events_no_truncate" ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER "TRG_audit_events_append_only" ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_sessions_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_patients_name_trgm"`);
    await queryRunner.query(
      `ALTER TABLE "patients" DROP CONSTRAINT "FK_e04719758e19c1b94f3768aa7c9"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_patients_clinic_mrn"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_patients_clinic_name"`);
    await queryRunner.query(`DROP TABLE "patients"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_sessions_expire"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_clinic_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_action_target_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_action_ip_at"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
