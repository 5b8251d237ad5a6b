import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { Handout } from './handout.entity';

/**
 * Where a patient's day-by-day plan stands, one row per handout with a published plan: its
 * dates (written when a version is published), the last check-in, the flags raised since the
 * clinician last marked them seen, and the day from which the patient needs attention. That
 * day is kept as one indexed date so the patients list can filter on it: a flag makes it the
 * flag's day; without one it is the day a check-in is overdue (`refreshAttention`).
 */
@Entity('plan_progress')
@Index('IDX_plan_progress_attention', ['clinicId', 'attentionFrom'])
export class PlanProgress {
  @PrimaryColumn({ name: 'handout_id', type: 'uuid' })
  handoutId: string;

  @ManyToOne(() => Handout, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'handout_id' })
  handout?: Relation<Handout>;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  /** The latest version's plan; null when it has none. */
  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ name: 'last_check_in_on', type: 'date', nullable: true })
  lastCheckInOn: string | null;

  /** Flags in words ("Pain 8 on day 4"), raised since the clinician last marked them seen. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  flags: string[];

  @Column({ name: 'flagged_on', type: 'date', nullable: true })
  flaggedOn: string | null;

  @Column({ name: 'seen_on', type: 'date', nullable: true })
  seenOn: string | null;

  @Column({ name: 'seen_at', type: 'timestamptz', nullable: true })
  seenAt: Date | null;

  @Column({ name: 'seen_by_id', type: 'uuid', nullable: true })
  seenById: string | null;

  /** The first day with no check-in that makes the patient overdue, while the plan runs. */
  @Column({ name: 'missed_from', type: 'date', nullable: true })
  missedFrom: string | null;

  /** The day the patient needs attention from: the earlier of a flag and an overdue check-in. */
  @Column({ name: 'attention_from', type: 'date', nullable: true })
  attentionFrom: string | null;
}

/** Days in a row without a check-in, after the start, that flag a patient. */
export const MISSED_CHECK_IN_DAYS = 3;

/**
 * The first day a patient is overdue for a check-in: MISSED_CHECK_IN_DAYS whole days after the
 * start, the last check-in or the last "seen", whichever is latest; null once that falls after
 * the plan's end, or without a plan. SQL over plan_progress's columns (the last check-in given
 * as an expression, so a statement can use its new value).
 */
export function missedFromSql(lastCheckIn = 'last_check_in_on'): string {
  const from = `GREATEST(start_date - 1, ${lastCheckIn}, seen_on) + ${MISSED_CHECK_IN_DAYS + 1}`;
  return `CASE WHEN start_date IS NULL OR ${from} > end_date + 1 THEN NULL ELSE ${from} END`;
}

/** Works out `missed_from` and `attention_from` again after the dates or a "seen" changed. */
export const REFRESH_ATTENTION = `
  UPDATE plan_progress SET
    missed_from = m.missed_from,
    attention_from = LEAST(flagged_on, m.missed_from)
  FROM (SELECT handout_id, ${missedFromSql()} AS missed_from FROM plan_progress WHERE handout_id = $1) m
  WHERE plan_progress.handout_id = m.handout_id`;
