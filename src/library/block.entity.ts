import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { Clinic } from '../clinics/clinic.entity';
import { BlockVersion } from './block-version.entity';
import type { Category } from './content/block-source';

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
export class Block {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 60 })
  key: string;

  @Column({ name: 'owner_clinic_id', type: 'uuid', nullable: true })
  ownerClinicId: string | null;

  @ManyToOne(() => Clinic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_clinic_id' })
  ownerClinic?: Clinic;

  @Column({ type: 'varchar', length: 30 })
  category: Category;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  conditions: string[];

  /** The approved version new handouts use; null until the first approval. */
  @Column({ name: 'current_version_id', type: 'uuid', nullable: true })
  currentVersionId: string | null;

  @ManyToOne(() => BlockVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'current_version_id' })
  currentVersion?: Relation<BlockVersion>;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
