import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Patient } from '../patients/patient.entity';

/** One block in a draft: which block, and the clinician's values for its parameters. */
export interface DraftBlock {
  key: string;
  params: Record<string, number | string>;
  /** The days of the plan the block applies to (day 1 = the start date); absent: all. */
  fromDay?: number;
  toDay?: number;
}

export interface HandoutDraft {
  title: string;
  /** The clinician's personal note, plain text, up to 2,000 characters. */
  note: string;
  /** YYYY-MM-DD, or null. */
  followUpDate: string | null;
  /**
   * Days after publishing by which the patient should be clearly better, when no follow-up
   * date is set: the handout's one review date, which every block that says "if you are not
   * better by …" reads. Absent in drafts saved before it existed (then the default).
   */
  reviewAfterDays?: number;
  /** Day 1 of the day-by-day plan, YYYY-MM-DD; null or absent: the day it is published. */
  startDate?: string | null;
  /** The language the patient reads it in ("es"); absent: English. */
  language?: string;
  blocks: DraftBlock[];
}

export const DEFAULT_REVIEW_AFTER_DAYS = 14;
export const REVIEW_AFTER_DAYS = { min: 3, max: 84 };

/**
 * A handout for one patient: an editable draft plus its published versions. `revision` counts
 * draft saves, so a save based on a stale revision is refused rather than lost.
 */
@Entity('handouts')
@Index('IDX_handouts_patient', ['clinicId', 'patientId', 'updatedAt'])
export class Handout {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Relation<Patient>;

  /** The condition whose safety rules apply (its required warning-signs block). */
  @Column({ type: 'varchar', length: 60, default: 'low-back-spasm' })
  condition: string;

  /** The protocol the handout was started from ("templateKey" in the API). */
  @Column({ name: 'template_key', type: 'varchar', length: 60, nullable: true })
  protocolKey: string | null;

  @Column({ type: 'jsonb' })
  draft: HandoutDraft;

  @Column({ type: 'int', default: 1 })
  revision: number;

  /** Number of the latest published version (0 before the first). */
  @Column({ name: 'latest_version', type: 'int', default: 0 })
  latestVersion: number;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
