import type { HandoutDocument } from '../rendering/handout-renderer.service';
import type { DayPlan } from '../rendering/view-model';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { Handout } from './handout.entity';

/** A block as frozen into a published version: the exact block version and the values used. */
export interface FrozenBlock {
  key: string;
  blockVersionId: string;
  blockVersion: number;
  title: string;
  category: string;
  params: Record<string, number | string>;
  /** The days of the plan the block applies to, as the clinician set them. */
  fromDay?: number;
  toDay?: number;
}

/**
 * A published version of a handout. Never changed or deleted once written: a database trigger
 * refuses UPDATE and DELETE. It keeps everything needed to show and print it again exactly.
 */
@Entity('handout_versions')
@Index('UQ_handout_versions_number', ['handoutId', 'number'], { unique: true })
@Index('IDX_handout_versions_clinic', ['clinicId', 'publishedAt'])
export class HandoutVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'handout_id', type: 'uuid' })
  handoutId: string;

  @ManyToOne(() => Handout, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'handout_id' })
  handout?: Relation<Handout>;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 10, default: 'en' })
  language: string;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'follow_up_date', type: 'date', nullable: true })
  followUpDate: string | null;

  /** Day 1 of the plan. Null for versions published before plans existed. */
  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  /** The day-by-day plan as published, or null when the handout has none. */
  @Column({ type: 'jsonb', nullable: true })
  plan: DayPlan | null;

  @Column({ type: 'jsonb' })
  blocks: FrozenBlock[];

  /**
   * The document's view model as published: the portal page and the PDF are drawn from it
   * with the current look. Null for versions published before it was kept.
   */
  @Column({ type: 'jsonb', nullable: true })
  document: HandoutDocument | null;

  /** The whole patient document as the patient first saw it: the record, never re-parsed. */
  @Column({ type: 'text' })
  html: string;

  @Column({ name: 'plain_text', type: 'text' })
  plainText: string;

  /** Flesch-Kincaid grade of an English version; null in other languages. */
  @Column({ name: 'reading_grade', type: 'real', nullable: true })
  readingGrade: number | null;

  /** Szigriszt-Pazos perspicuity (INFLESZ) of a Spanish version; null in other languages. */
  @Column({ name: 'reading_ease', type: 'real', nullable: true })
  readingEase: number | null;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'published_by_id', type: 'uuid' })
  publishedById: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}
