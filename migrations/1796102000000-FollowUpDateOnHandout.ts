import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The next visit has one date, the handout's follow-up date, which the "Your next visit" block
 * reads. Drafts that set the block's own date (and no follow-up date) keep that date as the
 * handout's; the block's old value is then dropped. Published versions keep their exact text.
 */
export class FollowUpDateOnHandout1796102000000 implements MigrationInterface {
  name = 'FollowUpDateOnHandout1796102000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE handouts h
         SET draft = jsonb_set(h.draft, '{followUpDate}', to_jsonb(x.date))
        FROM (SELECT h2.id, min(b->'params'->>'date') AS date
                FROM handouts h2, jsonb_array_elements(h2.draft->'blocks') b
               WHERE b->>'key' = 'follow-up'
                 AND (b->'params'->>'date') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
               GROUP BY h2.id) x
       WHERE x.id = h.id AND coalesce(h.draft->>'followUpDate', '') = ''`);
    await queryRunner.query(`
      UPDATE handouts
         SET draft = jsonb_set(draft, '{blocks}', (
               SELECT jsonb_agg(CASE WHEN b->>'key' = 'follow-up' AND b ? 'params'
                                     THEN jsonb_set(b, '{params}', (b->'params') - 'date')
                                     ELSE b END ORDER BY i)
                 FROM jsonb_array_elements(draft->'blocks') WITH ORDINALITY AS t(b, i)))
       WHERE draft->'blocks' @> '[{"key": "follow-up"}]'`);
  }

  public async down(): Promise<void> {
    // The block's own date is not restored: the handout's follow-up date holds it.
  }
}
