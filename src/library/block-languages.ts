import { EntityManager } from 'typeorm';
import { BASE_LANGUAGE } from '../i18n/phrases';
import { BlockVersion } from './block-version.entity';

/**
 * Which version of a block new handouts use in a language. In English, the block's
 * `currentVersionId` (moved by each approval, cleared of use by retirement). In another
 * language, the block's latest approved version in it: a translation has its own approvals and
 * is never pinned separately. The block's retirement covers every language.
 */

/** A query-builder condition joining `v` to block `b`'s current version in `language`. */
export function currentVersionOn(language: string, v = 'v', b = 'b'): string {
  if (language === BASE_LANGUAGE) return `${v}.id = ${b}.currentVersionId`;
  return `${v}.id = (SELECT x.id FROM block_versions x WHERE x.block_id = ${b}.id AND x.language = :language AND x.status = 'approved' ORDER BY x.number DESC LIMIT 1)`;
}

/** The block's latest approved version in `language`, if it has one. */
export function latestApproved(
  manager: EntityManager,
  blockId: string,
  language: string,
): Promise<BlockVersion | null> {
  return manager.findOne(BlockVersion, {
    where: { blockId, language, status: 'approved' },
    order: { number: 'DESC' },
  });
}
