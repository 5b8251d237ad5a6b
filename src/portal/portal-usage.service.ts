import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { HandoutsService, HandoutSummary } from '../handouts/handouts.service';

/** What the patient did through a handout's portal links. */
export interface PortalUsage {
  /** Visits: opens of a link less than 30 minutes apart count once. */
  opened: number;
  lastOpenedAt: string | null;
  downloaded: number;
}

/** Opens of one link closer together than this are one visit. */
export const VISIT_GAP_MINUTES = 30;

const NONE: PortalUsage = { opened: 0, lastOpenedAt: null, downloaded: 0 };

/**
 * How each handout was used through the portal, counted over the whole audit trail. The
 * portal owns these facts (its links, its events); the handouts feature knows nothing of them.
 */
@Injectable()
export class PortalUsageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly handouts: HandoutsService,
  ) {}

  /** The patient's handouts, newest first, each with its portal usage. */
  async listForPatient(actor: Actor, patientId: string): Promise<(HandoutSummary & PortalUsage)[]> {
    const summaries = await this.handouts.listForPatient(actor, patientId);
    const usage = await this.countsFor(
      actor.clinicId,
      summaries.map((h) => h.id),
    );
    return summaries.map((h) => ({ ...(usage.get(h.id) ?? NONE), ...h }));
  }

  async countsFor(clinicId: string, handoutIds: string[]): Promise<Map<string, PortalUsage>> {
    if (handoutIds.length === 0) return new Map();
    await this.audit.flush(); // opens are queued briefly; count them all
    // A visit, as a person means it: opens of one link less than 30 minutes apart (reloads,
    // switching the text size) count once. Every request stays in the audit trail.
    const rows: { handout_id: string; opened: string; last: Date | null; downloaded: string }[] =
      await this.dataSource.query(
        `WITH events AS (
           SELECT l.handout_id, e.action, e.at,
                  lag(e.at) OVER (PARTITION BY e.target_id, e.action ORDER BY e.at) AS previous
             FROM portal_links l
             JOIN audit_events e ON e.clinic_id = l.clinic_id AND e.target_type = 'link' AND e.target_id = l.id::text
            WHERE l.clinic_id = $1 AND l.handout_id = ANY($2::uuid[])
              AND e.action IN ('portal.opened', 'portal.pdf_downloaded'))
         SELECT handout_id,
                count(*) FILTER (WHERE action = 'portal.opened'
                                   AND (previous IS NULL OR at - previous >= interval '${VISIT_GAP_MINUTES} minutes')) AS opened,
                max(at) FILTER (WHERE action = 'portal.opened') AS last,
                count(*) FILTER (WHERE action = 'portal.pdf_downloaded') AS downloaded
           FROM events
          GROUP BY handout_id`,
        [clinicId, handoutIds],
      );
    return new Map(
      rows.map((r) => [
        r.handout_id,
        {
          opened: Number(r.opened),
          lastOpenedAt: r.last ? new Date(r.last).toISOString() : null,
          downloaded: Number(r.downloaded),
        },
      ]),
    );
  }

  async countFor(clinicId: string, handoutId: string): Promise<PortalUsage> {
    return (await this.countsFor(clinicId, [handoutId])).get(handoutId) ?? NONE;
  }
}
