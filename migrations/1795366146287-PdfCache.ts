import { MigrationInterface, QueryRunner } from 'typeorm';

export class PdfCache1795366146287 implements MigrationInterface {
  name = 'PdfCache1795366146287';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pdf_cache" ("key" character varying(64) NOT NULL, "handout_version_id" uuid NOT NULL, "bytes" bytea NOT NULL, "size" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c0dee792bed15e0a10923a9e8b9" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_pdf_cache_version" ON "pdf_cache"  ("handout_version_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_pdf_cache_version"`);
    await queryRunner.query(`DROP TABLE "pdf_cache"`);
  }
}
