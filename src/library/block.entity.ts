import { Column, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { BlockVersion } from './block-version.entity';
import type { Category } from './content/block-source';
import { ContentItem } from './versioned-content.entity';

/**
 * A guidance block, identified by a stable key. Shared blocks (no owner) come from the starter
 * library in the repository; a clinic's own blocks are seen by that clinic only.
 */
@Entity('blocks')
@Index('UQ_blocks_shared_key', ['key'], { unique: true, where: '"owner_clinic_id" IS NULL' })
@Index('UQ_blocks_clinic_key', ['ownerClinicId', 'key'], {
  unique: true,
  where: '"owner_clinic_id" IS NOT NULL',
})
export class Block extends ContentItem {
  @Column({ type: 'varchar', length: 30 })
  category: Category;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  conditions: string[];

  @ManyToOne(() => BlockVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'current_version_id' })
  currentVersion?: Relation<BlockVersion>;
}
