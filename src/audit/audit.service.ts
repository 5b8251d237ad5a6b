import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor, RequestOrigin } from '../auth/actor';
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

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Appends one event. Pass the transaction's manager so the event commits with the change. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEvent) : this.events;
    await repo.save(
      repo.create({
        clinicId: entry.clinicId,
        actorType: entry.actorType,
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        outcome: entry.outcome ?? 'success',
        ip: entry.origin?.ip?.slice(0, 45) ?? null,
        userAgent: entry.origin?.userAgent?.slice(0, 300) ?? null,
        details: entry.details ?? {},
      }),
    );
  }

  /** Shorthand for an event done by a signed-in user. */
  recordByUser(
    actor: Actor,
    action: string,
    target: { type: string; id: string } | null,
    details: Record<string, unknown> = {},
    manager?: EntityManager,
  ): Promise<void> {
    return this.record(
      {
        clinicId: actor.clinicId,
        actorType: 'user',
        actorId: actor.userId,
        action,
        targetType: target?.type,
        targetId: target?.id,
        origin: actor,
        details,
      },
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

  async listEvents(actor: Actor, filter: AuditQueryDto): Promise<AuditPage> {
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
  async exportCsv(actor: Actor, filter: AuditQueryDto): Promise<string> {
    const rows = await this.filtered(actor, filter).orderBy('e.at', 'DESC').take(50_000).getMany();
    const lines = [CSV_COLUMNS.join(',')];
    for (const row of rows.map(toView)) {
      lines.push(CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
    }
    return lines.join('\r\n') + '\r\n';
  }

  private filtered(actor: Actor, filter: AuditQueryDto) {
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
