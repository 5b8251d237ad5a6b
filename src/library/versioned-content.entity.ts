import { Column, CreateDateColumn, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Clinic } from '../clinics/clinic.entity';

export type VersionStatus = 'draft' | 'approved' | 'retired';

/**
 * The columns every kind of versioned content shares (blocks, protocols), each kind in its
 * own table: a stable key, shared (no owner) or a clinic's own, the approved version new
 * handouts use, and retirement.
 */
export abstract class ContentItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 60 })
  key: string;

  @Column({ name: 'owner_clinic_id', type: 'uuid', nullable: true })
  ownerClinicId: string | null;

  @ManyToOne(() => Clinic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_clinic_id' })
  ownerClinic?: Clinic;

  /** The approved version new handouts use; null until the first approval. */
  @Column({ name: 'current_version_id', type: 'uuid', nullable: true })
  currentVersionId: string | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * The columns every version shares: its number and status (a draft changes; an approved
 * version never does again, a database trigger enforces it), who wrote and approved it.
 */
export abstract class ContentVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 10 })
  status: VersionStatus;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  /** Null for versions imported from the repository's starter library. */
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ name: 'approved_by_id', type: 'uuid', nullable: true })
  approvedById: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
