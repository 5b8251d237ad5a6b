import { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalLinkLockCount1796090958326 implements MigrationInterface {
  name = 'PortalLinkLockCount1796090958326';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "portal_links" ADD "lock_count" integer NOT NULL DEFAULT '0'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "portal_links" DROP COLUMN "lock_count"`);
  }
}
