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

  /** Content governance: who reviewed the approved text, when, and when it is due again. */
  @Column({ name: 'reviewed_by', type: 'varchar', length: 120, nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_on', type: 'date', nullable: true })
  reviewedOn: string | null;

  @Column({ name: 'next_review_on', type: 'date', nullable: true })
  nextReviewOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** How long an approval holds before the text is due for review again, as the big publishers do. */
export const REVIEW_INTERVAL_MONTHS = 24;

/** A review on `on` (YYYY-MM-DD): the date the next one is due. */
export function nextReviewAfter(on: string): string {
  const date = new Date(`${on}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + REVIEW_INTERVAL_MONTHS);
  return date.toISOString().slice(0, 10);
}

/** Whether a version is due for review: overdue, due within 60 days, or not yet. */
export function reviewState(
  nextReviewOn: string | null,
  today: Date,
): 'overdue' | 'due-soon' | null {
  if (!nextReviewOn) return null;
  const due = new Date(`${nextReviewOn}T00:00:00Z`).getTime();
  if (due <= today.getTime()) return 'overdue';
  return due - today.getTime() <= 60 * 86_400_000 ? 'due-soon' : null;
}
