import {
  JoinColumn,
  ManyToOne,
  Relation,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Handout } from '../handouts/handout.entity';

/**
 * A patient's check-in for one day of the plan, through one link: one row per link and date
 * (sending again the same day replaces it). Patient data: clinic-scoped, never logged.
 */
@Entity('check_ins')
@Index('UQ_check_ins_link_date', ['linkId', 'date'], { unique: true })
@Index('IDX_check_ins_handout', ['clinicId', 'handoutId', 'date'])
export class CheckIn {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ name: 'handout_id', type: 'uuid' })
  handoutId: string;

  @ManyToOne(() => Handout, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'handout_id' })
  handout?: Relation<Handout>;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  /** The version whose plan the patient was following. */
  @Column({ name: 'version_number', type: 'int' })
  versionNumber: number;

  /** The patient's date (on the clinic's clock). */
  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'int' })
  day: number;

  /** Pain now, 0-10; null only when an emergency sign was ticked without it. */
  @Column({ type: 'smallint', nullable: true })
  pain: number | null;

  /** Keys of the exercises done. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  done: string[];

  /** Exercises the plan had that day, for completion. */
  @Column({ type: 'smallint', default: 0 })
  planned: number;

  @Column({ name: 'walked_minutes', type: 'int', nullable: true })
  walkedMinutes: number | null;

  /** Keys of the emergency signs ticked (of the version's plan). */
  @Column({ name: 'emergency_signs', type: 'jsonb', default: () => "'[]'" })
  emergencySigns: string[];

  /** What this check-in flagged, in words; empty when nothing. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  flags: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
