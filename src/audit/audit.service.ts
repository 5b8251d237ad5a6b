import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { loggerFor } from '../logging/logger';
import { AuditActor, RequestOrigin } from './audit-actor';
import { ActorType, AuditEvent, Outcome } from './audit-event.entity';
import { AuditQueryDto } from './dto/audit-query.dto';

export interface AuditEntry {
  clinicId: string | null;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: Outcome;
  origin?: RequestOrigin;
  details?: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEventView[];
  total: number;
  page: number;
  pageSize: number;
}

export type AuditEventView = Omit<AuditEvent, 'at'> & { at: string };

const CSV_COLUMNS: (keyof AuditEventView)[] = [
  'at',
  'action',
  'outcome',
  'actorType',
  'actorId',
  'targetType',
  'targetId',
  'ip',
  'userAgent',
  'details',
];

const INSERT = `INSERT INTO audit_events (at, clinic_id, actor_type, actor_id, action, target_type, target_id, outcome, ip, user_agent, details) VALUES`;
const COLUMNS = 11;

function placeholders(rows: number): string {
  return Array.from(
    { length: rows },
    (_, r) =>
      `(${Array.from({ length: COLUMNS }, (_, c) => `$${r * COLUMNS + c + 1}`).join(', ')})`,
  ).join(', ');
}

/**
 * One event's INSERT with its parameters numbered from `first`, to end a statement whose
 * other parts (data-modifying CTEs) make the change: the event commits with it, in one round
 * trip.
 */
export function auditInsert(
  entry: AuditEntry,
  first: number,
  at = new Date(),
): { sql: string; params: unknown[] } {
  const numbers = Array.from({ length: COLUMNS }, (_, c) => `$${first + c}`);
  return { sql: `${INSERT} (${numbers.join(', ')})`, params: rowOf(entry, at) };
}

function rowOf(entry: AuditEntry, at: Date): unknown[] {
  return [
    at,
    entry.clinicId,
    entry.actorType,
    entry.actorId,
    entry.action,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.outcome ?? 'success',
    entry.origin?.ip?.slice(0, 45) ?? null,
    entry.origin?.userAgent?.slice(0, 300) ?? null,
    JSON.stringify(entry.details ?? {}),
  ];
}

/** Who an entry names: a signed-in user, or another system with an API key. */
export function actedBy(
  actor: AuditActor,
): Pick<AuditEntry, 'clinicId' | 'actorType' | 'actorId' | 'origin'> {
  return {
    clinicId: actor.clinicId,
    actorType: actor.apiKey ? 'api_key' : 'user',
    actorId: actor.apiKey?.id ?? actor.userId,
    origin: actor,
  };
}

@Injectable()
export class AuditService implements OnModuleDestroy {
  private readonly logger = loggerFor(AuditService.name);
  private queue: unknown[][] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Appends one event. Pass the transaction's manager so the event commits with the change. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const runner = manager ?? this.events.manager;
    await runner.query(`${INSERT} ${placeholders(1)}`, rowOf(entry, new Date()));
  }

  /**
   * For the busiest event (a patient opening a page): the row is queued with its time and
   * written within 50 ms, many rows per INSERT. The queue is written before any read of the
   * trail in this process and when the app shuts down.
   */
  recordSoon(entry: AuditEntry): void {
    this.queue.push(rowOf(entry, new Date()));
    if (this.queue.length >= 200) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), 50);
  }

  /** Writes queued events now. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.queue.splice(0);
    if (rows.length === 0) return this.writing;
    const write = this.events.manager
      .query(`${INSERT} ${placeholders(rows.length)}`, rows.flat())
      .catch((error: Error) =>
        this.logger.error({ err: error, lost: rows.length }, 'could not write queued audit events'),
      );
    this.writing = Promise.all([this.writing, write]).then(() => undefined);
    return this.writing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  /** Shorthand for an event done by a signed-in user, or by another system with an API key. */
  recordByUser(
    actor: AuditActor,
    action: string,
    target: { type: string; id: string } | null,
    details: Record<string, unknown> = {},
    manager?: EntityManager,
  ): Promise<void> {
    return this.record(
      { ...actedBy(actor), action, targetType: target?.type, targetId: target?.id, details },
      manager,
    );
  }

  /** Counts recent events, e.g. failed sign-ins for throttling (shared by every app instance). */
  countSince(
    action: string,
    since: Date,
    where: { targetId?: string; ip?: string },
  ): Promise<number> {
    const query = this.events
      .createQueryBuilder('e')
      .where('e.action = :action AND e.at > :since', { action, since })
      .andWhere("e.outcome IN ('failure', 'throttled')");
    if (where.targetId) query.andWhere('e.targetId = :targetId', { targetId: where.targetId });
    if (where.ip) query.andWhere('e.ip = :ip', { ip: where.ip });
    return query.getCount();
  }

  async listEvents(actor: AuditActor, filter: AuditQueryDto): Promise<AuditPage> {
    await this.flush();
    const page = filter.page ?? 1;
    const pageSize = filter.pageSize ?? 50;
    const [rows, total] = await this.filtered(actor, filter)
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toView), total, page, pageSize };
  }

  /** The filtered trail as CSV, newest first, capped at 50,000 rows per export. */
  async exportCsv(actor: AuditActor, filter: AuditQueryDto): Promise<string> {
    await this.flush();
    const rows = await this.filtered(actor, filter).orderBy('e.at', 'DESC').take(50_000).getMany();
    const lines = [CSV_COLUMNS.join(',')];
    for (const row of rows.map(toView)) {
      lines.push(CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
    }
    return lines.join('\r\n') + '\r\n';
  }

  private filtered(actor: AuditActor, filter: AuditQueryDto) {
    const query = this.events.createQueryBuilder('e').where('e.clinicId = :clinicId', {
      clinicId: actor.clinicId,
    });
    if (filter.action) query.andWhere('e.action LIKE :action', { action: `${filter.action}%` });
    if (filter.actorId) query.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
    if (filter.targetId) query.andWhere('e.targetId = :targetId', { targetId: filter.targetId });
    if (filter.outcome) query.andWhere('e.outcome = :outcome', { outcome: filter.outcome });
    if (filter.from) query.andWhere('e.at >= :from', { from: `${filter.from}T00:00:00Z` });
    if (filter.to) query.andWhere(`e.at < (:to::date + 1)`, { to: filter.to });
    return query;
  }
}

function toView(event: AuditEvent): AuditEventView {
  return { ...event, at: event.at.toISOString() };
}

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
