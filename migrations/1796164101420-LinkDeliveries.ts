import { MigrationInterface, QueryRunner } from 'typeorm';

export class LinkDeliveries1796164101420 implements MigrationInterface {
  name = 'LinkDeliveries1796164101420';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "channel" character varying(5) NOT NULL, "recipient" character varying(120) NOT NULL, "subject" character varying(300), "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_outbox_messages_channel" CHECK ("channel" IN ('email', 'sms')), CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_outbox_messages_clinic_at" ON "outbox_messages"  ("clinic_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "link_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "link_id" uuid NOT NULL, "channel" character varying(5) NOT NULL, "status" character varying(6) NOT NULL, "via" character varying(10) NOT NULL, "recipient" character varying(120) NOT NULL, "reason" character varying(300), "provider_message_id" character varying(120), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_link_deliveries_via" CHECK ("via" IN ('smtp', 'twilio', 'outbox')), CONSTRAINT "CHK_link_deliveries_status" CHECK ("status" IN ('sent', 'failed')), CONSTRAINT "CHK_link_deliveries_channel" CHECK ("channel" IN ('email', 'sms')), CONSTRAINT "PK_21133687df1530cf1dc05e992fa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_link_deliveries_link" ON "link_deliveries"  ("clinic_id", "link_id", "at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "clinics" ADD "messages_use_first_name" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "patients" ADD "email" character varying(254)`);
    await queryRunner.query(`ALTER TABLE "patients" ADD "phone" character varying(16)`);
    await queryRunner.query(
      `ALTER TABLE "outbox_messages" ADD CONSTRAINT "FK_f7b37a752416bf5b4a6a6da4833" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "link_deliveries" ADD CONSTRAINT "FK_4838d0c934a7ad05cb47721ae81" FOREIGN KEY ("link_id") REFERENCES "portal_links"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "link_deliveries" DROP CONSTRAINT "FK_4838d0c934a7ad05cb47721ae81"`,
    );
    await queryRunner.query(
      `ALTER TABLE "outbox_messages" DROP CONSTRAINT "FK_f7b37a752416bf5b4a6a6da4833"`,
    );
    await queryRunner.query(`ALTER TABLE "patients" DROP COLUMN "phone"`);
    await queryRunner.query(`ALTER TABLE "patients" DROP COLUMN "email"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "messages_use_first_name"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_link_deliveries_link"`);
    await queryRunner.query(`DROP TABLE "link_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_outbox_messages_clinic_at"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
  }
}
