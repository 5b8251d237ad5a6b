import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClinicImages1796112871397 implements MigrationInterface {
  name = 'ClinicImages1796112871397';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "clinic_images" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "name" character varying(60) NOT NULL, "alt_text" character varying(300) NOT NULL, "content_type" character varying(10) NOT NULL, "bytes" bytea NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "byte_size" integer NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_clinic_images_size" CHECK ("width" > 0 AND "height" > 0 AND "byte_size" > 0), CONSTRAINT "CHK_clinic_images_alt_text" CHECK (char_length("alt_text") BETWEEN 3 AND 300), CONSTRAINT "CHK_clinic_images_name" CHECK ("name" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("name") BETWEEN 2 AND 60), CONSTRAINT "CHK_clinic_images_type" CHECK ("content_type" IN ('image/png', 'image/jpeg')), CONSTRAINT "PK_b2c32a92f9312734dce880f4099" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_clinic_images_clinic_created" ON "clinic_images"  ("clinic_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_clinic_images_clinic_name" ON "clinic_images"  ("clinic_id", "name") `,
    );
    await queryRunner.query(
      `ALTER TABLE "clinic_images" ADD CONSTRAINT "FK_3cc5540139ce0dbab3fab4539dd" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "clinic_images" DROP CONSTRAINT "FK_3cc5540139ce0dbab3fab4539dd"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_clinic_images_clinic_name"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_clinic_images_clinic_created"`);
    await queryRunner.query(`DROP TABLE "clinic_images"`);
  }
}
