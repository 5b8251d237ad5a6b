import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { auditInsert, AuditService } from '../audit/audit.service';
import { Actor, RequestOrigin } from '../auth/actor';
import { Clock } from '../common/clock';
import { dayOfPlan, todayIn } from '../handouts/day-plan';
import { HandoutVersion } from '../handouts/handout-version.entity';
import { HandoutsService } from '../handouts/handouts.service';
import { missedFromSql, PlanProgress, REFRESH_ATTENTION } from '../handouts/plan-progress.entity';
import type { DayPlan } from '../rendering/view-model';
import { formatDate } from '../views/view-helpers';
import { CheckInAnswers } from './check-in-form';
import { CheckIn } from './check-in.entity';
import { flagsOf } from './flags';
import { ChartDay } from './progress-chart';

/** A check-in as the API answers it. */
export interface CheckInView {
  date: string;
  day: number;
  pain: number | null;
  done: string[];
  walkedMinutes: number | null;
  /** The signs ticked, in the words the patient saw. */
  emergencySigns: string[];
  flagged: boolean;
  flags: string[];
  updatedAt: string;
}

export interface CheckInSummary {
  /** Days of the plan so far (0 before it starts, at most its length). */
  days: number;
  /** Days with a check-in. */
  checkedIn: number;
  /** Exercises done over exercises planned, on the days so far (0 to 1), or null with none. */
  completion: number | null;
  lastPain: number | null;
  startDate: string | null;
  endDate: string | null;
  /** Flags raised since the clinician last marked them seen, in words. */
  flags: string[];
  /** The patient is overdue for a check-in since this date, while the plan runs. */
  missedFrom: string | null;
  /** No check-in for three days or more while the plan runs (since `missedFrom`). */
  overdue: boolean;
  needsAttention: boolean;
  seenAt: string | null;
}

/** A pain on one of the two days before a check-in (read with the link, in one round trip). */
export interface PreviousPain {
  date: string;
  pain: number | null;
}

/** A link and the version it shows, as the portal knows them. */
export interface CheckInTarget {
  linkId: string;
  clinicId: string;
  handoutId: string;
  version: { id: string; number: number };
}

/**
 * Patients' check-ins on their day-by-day plan: written through a portal link (one per link
 * and day, replaced when sent again), read by the clinic. Each check-in updates the handout's
 * progress (last check-in, flags) in the same transaction, so the patients list's "needs
 * attention" filter is never behind.
 */
@Injectable()
export class CheckInsService {
  /** Plans of published versions, which never change. */
  private readonly plans = new LRUCache<string, { plan: DayPlan | null }>({ max: 1000 });

  constructor(
    @InjectRepository(CheckIn) private readonly checkIns: Repository<CheckIn>,
    private readonly dataSource: DataSource,
    private readonly handouts: HandoutsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A published version's plan (kept in memory: versions never change). */
  async planOf(versionId: string): Promise<DayPlan | null> {
    const cached = this.plans.get(versionId);
    if (cached) return cached.plan;
    const row = await this.dataSource
      .getRepository(HandoutVersion)
      .findOne({ where: { id: versionId }, select: { id: true, plan: true } });
    const plan = row?.plan ?? null;
    this.plans.set(versionId, { plan });
    return plan;
  }

  /** The link's check-in for a date, if any. */
  findForDay(linkId: string, date: string): Promise<CheckIn | null> {
    return this.checkIns.findOneBy({ linkId, date });
  }

  /**
   * Saves the day's check-in (replacing an earlier one from the same link that day, though a
   * sign ticked stays ticked), raises its flags on the handout's progress and audits it by
   * link id, all in one statement. `signsOnly`: a form refused for another reason still
   * records the emergency signs it ticked, leaving the day's other answers as they were.
   */
  async record(
    target: CheckInTarget,
    plan: DayPlan,
    date: string,
    answers: CheckInAnswers,
    previous: PreviousPain[],
    origin: RequestOrigin,
    signsOnly = false,
  ): Promise<{ flags: string[] }> {
    const day = dayOfPlan(plan.startDate, date);
    const items = plan.days.find((d) => d.day === day)?.items ?? [];
    const planned = items.filter((i) => i.kind === 'exercise').length;
    const signWords = answers.emergencySigns.map(
      (key) => plan.signs.find((s) => s.key === key)?.text ?? key,
    );
    // The check-in, the handout's progress and the audit event in one statement, so none is
    // ever written without the others.
    const flags = flagsOf({ date, day, pain: answers.pain, signs: signWords }, previous);
    const audit = auditInsert(
      {
        clinicId: target.clinicId,
        actorType: 'link',
        actorId: target.linkId,
        action: 'portal.checked_in',
        targetType: 'link',
        targetId: target.linkId,
        origin,
        // Which day, and whether it flagged: the answers themselves stay in the check-in.
        details: {
          version: target.version.number,
          day,
          flagged: flags.length > 0,
          ...(signsOnly ? { signsOnly } : {}),
        },
      },
      13,
    );
    // A sign once ticked on a day stays ticked that day (sending again adds, never removes),
    // and the progress row is updated from its own current values, so check-ins arriving at
    // once through two links cannot lose each other's flags.
    const flagged = `CASE WHEN jsonb_array_length($12::jsonb) > 0 THEN COALESCE(flagged_on, $5::date) ELSE flagged_on END`;
    const missed = missedFromSql('GREATEST(last_check_in_on, $5::date)');
    const answersSet = signsOnly
      ? ''
      : `pain = EXCLUDED.pain, done = EXCLUDED.done, planned = EXCLUDED.planned,
           walked_minutes = EXCLUDED.walked_minutes,`;
    await this.dataSource.query(
      `WITH saved AS (
         INSERT INTO check_ins (clinic_id, handout_id, link_id, version_number, date, day, pain, done, planned, walked_minutes, emergency_signs, flags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (link_id, date) DO UPDATE SET
           version_number = EXCLUDED.version_number, day = EXCLUDED.day, ${answersSet}
           emergency_signs = ${jsonbUnion('check_ins.emergency_signs', 'EXCLUDED.emergency_signs')},
           flags = ${jsonbUnion('check_ins.flags', 'EXCLUDED.flags')}, updated_at = now()
         RETURNING id
       ), progress AS (
         UPDATE plan_progress SET
           last_check_in_on = GREATEST(last_check_in_on, $5::date),
           flags = ${jsonbUnion('flags', '$12::jsonb')},
           flagged_on = ${flagged},
           missed_from = ${missed},
           attention_from = LEAST(${flagged}, ${missed})
         WHERE handout_id = $2 AND clinic_id = $1
         RETURNING handout_id
       )
       ${audit.sql}`,
      [
        target.clinicId,
        target.handoutId,
        target.linkId,
        target.version.number,
        date,
        day,
        answers.pain,
        JSON.stringify(answers.done),
        planned,
        answers.walkedMinutes,
        JSON.stringify(answers.emergencySigns),
        JSON.stringify(flags),
        ...audit.params,
      ],
    );
    return { flags };
  }

  /** Every check-in on a handout, oldest first, and how the plan is going. */
  async listForHandout(
    actor: Actor,
    handoutId: string,
  ): Promise<{ items: CheckInView[]; summary: CheckInSummary }> {
    const { items, summary } = await this.progress(actor, handoutId);
    return { items, summary };
  }

  /** The check-ins, the summary and the chart's days of a handout. */
  async progress(
    actor: Actor,
    handoutId: string,
  ): Promise<{ items: CheckInView[]; summary: CheckInSummary; chart: ChartDay[] }> {
    const handout = await this.handouts.findByIdOrThrow(actor, handoutId);
    const [rows, progress, plans] = await Promise.all([
      this.checkIns.find({
        where: { clinicId: actor.clinicId, handoutId },
        order: { date: 'ASC', updatedAt: 'ASC' },
      }),
      this.dataSource
        .getRepository(PlanProgress)
        .findOneBy({ clinicId: actor.clinicId, handoutId }),
      this.dataSource.getRepository(HandoutVersion).find({
        where: { clinicId: actor.clinicId, handoutId },
        select: { number: true, plan: true },
      }),
    ]);
    const planByNumber = new Map(plans.map((v) => [v.number, v.plan]));
    const latestPlan = planByNumber.get(handout.latestVersion) ?? null;
    const items = rows.map((row) => toView(row, planByNumber.get(row.versionNumber) ?? null));
    return {
      items,
      summary: this.summarise(actor, latestPlan, rows, progress),
      chart: this.chartDays(actor, latestPlan, items),
    };
  }

  /** Why each of these patients needs attention today, in words (none: not listed). */
  async attentionOf(actor: Actor, patientIds: string[]): Promise<Map<string, string[]>> {
    const today = todayIn(actor.timeZone ?? 'UTC', this.clock.now());
    const rows = patientIds.length
      ? ((await this.dataSource.query(
          `SELECT patient_id, flags, to_char(missed_from, 'YYYY-MM-DD') AS missed_from,
                  to_char(last_check_in_on, 'YYYY-MM-DD') AS last_check_in_on
             FROM plan_progress
            WHERE clinic_id = $1 AND patient_id = ANY($2::uuid[]) AND attention_from <= $3::date`,
          [actor.clinicId, patientIds, today],
        )) as {
          patient_id: string;
          flags: string[];
          missed_from: string | null;
          last_check_in_on: string | null;
        }[])
      : [];
    const reasons = new Map<string, string[]>();
    for (const row of rows) {
      const list = reasons.get(row.patient_id) ?? [];
      list.push(...row.flags);
      if (row.missed_from && row.missed_from <= today)
        list.push(
          row.last_check_in_on
            ? `No check-in since ${formatDate(row.last_check_in_on)}`
            : 'No check-in since the plan started',
        );
      reasons.set(row.patient_id, list);
    }
    return reasons;
  }

  /** The chart's days: each day of the latest plan so far, with its check-in if any. */
  private chartDays(
    actor: Pick<Actor, 'timeZone'>,
    plan: DayPlan | null,
    items: CheckInView[],
  ): ChartDay[] {
    if (!plan) return [];
    const today = todayIn(actor.timeZone ?? 'UTC', this.clock.now());
    const last = Math.min(plan.days.length, Math.max(0, dayOfPlan(plan.startDate, today)));
    const byDate = new Map(items.map((i) => [i.date, i]));
    return plan.days.slice(0, last).map((d) => {
      const checkIn = byDate.get(d.date);
      return {
        day: d.day,
        date: d.date,
        pain: checkIn?.pain ?? null,
        done: checkIn?.done.length ?? 0,
        planned: d.items.filter((i) => i.kind === 'exercise').length,
        checkedIn: !!checkIn,
        emergency: (checkIn?.emergencySigns.length ?? 0) > 0,
      };
    });
  }

  private summarise(
    actor: Pick<Actor, 'timeZone'>,
    plan: DayPlan | null,
    rows: CheckIn[],
    progress: PlanProgress | null,
  ): CheckInSummary {
    const today = todayIn(actor.timeZone ?? 'UTC', this.clock.now());
    const days = plan
      ? Math.min(plan.days.length, Math.max(0, dayOfPlan(plan.startDate, today)))
      : 0;
    // Days so far: today counts once it has a check-in (the day is not over).
    const checkedToday = rows.some((r) => r.date === today);
    const so = plan?.days.slice(0, days).filter((d) => d.date < today || checkedToday) ?? [];
    const planned = so.reduce((n, d) => n + d.items.filter((i) => i.kind === 'exercise').length, 0);
    const dates = new Set(so.map((d) => d.date));
    const doneByDate = new Map<string, number>();
    for (const row of rows)
      if (dates.has(row.date))
        doneByDate.set(row.date, Math.max(doneByDate.get(row.date) ?? 0, row.done.length));
    const done = [...doneByDate.values()].reduce((a, b) => a + b, 0);
    const last = rows.at(-1);
    return {
      days,
      checkedIn: new Set(rows.map((r) => r.date)).size,
      completion: planned ? Math.round((Math.min(done, planned) / planned) * 100) / 100 : null,
      lastPain: last?.pain ?? null,
      startDate: plan?.startDate ?? null,
      endDate: plan?.endDate ?? null,
      flags: progress?.flags ?? [],
      missedFrom: progress?.missedFrom ?? null,
      overdue: !!progress?.missedFrom && progress.missedFrom <= today,
      needsAttention: !!progress?.attentionFrom && progress.attentionFrom <= today,
      seenAt: progress?.seenAt?.toISOString() ?? null,
    };
  }

  /**
   * The clinician has seen the flags: those shown (`shown`; all when absent) are cleared, and a
   * missed check-in counts again from today. A flag raised after the page was drawn stays.
   * Audited; a later check-in can flag again.
   */
  async markSeen(actor: Actor, handoutId: string, shown?: string[]): Promise<CheckInSummary> {
    await this.handouts.findByIdOrThrow(actor, handoutId);
    const today = todayIn(actor.timeZone ?? 'UTC', this.clock.now());
    const left = shown
      ? `(SELECT coalesce(jsonb_agg(x), '[]') FROM jsonb_array_elements(flags) x WHERE NOT $5::jsonb @> jsonb_build_array(x))`
      : `'[]'::jsonb`;
    await this.dataSource.transaction(async (manager: EntityManager) => {
      const [, affected] = (await manager.query(
        `UPDATE plan_progress SET
           flags = ${left},
           flagged_on = CASE WHEN jsonb_array_length(${left}) = 0 THEN NULL ELSE flagged_on END,
           seen_on = $3::date, seen_at = now(), seen_by_id = $4
          WHERE handout_id = $1 AND clinic_id = $2`,
        [handoutId, actor.clinicId, today, actor.userId, ...(shown ? [JSON.stringify(shown)] : [])],
      )) as [unknown, number];
      if (affected) await manager.query(REFRESH_ATTENTION, [handoutId]);
      await this.audit.recordByUser(
        actor,
        'check-ins.seen',
        { type: 'handout', id: handoutId },
        { flags: shown ? shown.length : 'all' },
        manager,
      );
    });
    return (await this.listForHandout(actor, handoutId)).summary;
  }
}

/** Two jsonb arrays as one, in order, without repeats. */
function jsonbUnion(a: string, b: string): string {
  return `${a} || COALESCE((SELECT jsonb_agg(x) FROM jsonb_array_elements(${b}) x WHERE NOT ${a} @> jsonb_build_array(x)), '[]')`;
}

function toView(row: CheckIn, plan: DayPlan | null): CheckInView {
  return {
    date: row.date,
    day: row.day,
    pain: row.pain,
    done: row.done,
    walkedMinutes: row.walkedMinutes,
    emergencySigns: row.emergencySigns.map(
      (key) => plan?.signs.find((s) => s.key === key)?.text ?? key,
    ),
    flagged: row.flags.length > 0,
    flags: row.flags,
    updatedAt: row.updatedAt.toISOString(),
  };
}
