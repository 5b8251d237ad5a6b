import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { ClinicsService } from '../clinics/clinics.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { HandoutPdfService, PdfFile } from '../handouts/handout-pdf.service';
import { HandoutsService } from '../handouts/handouts.service';
import { PrintLinkDto } from './dto/print-link.dto';
import { qrSvg } from '../rendering/qr-code';
import { IssueLinkDto } from './dto/issue-link.dto';
import { DeliveryView, LinkDeliveryService } from './link-delivery.service';
import { PortalLink } from './portal-link.entity';
import { PortalUsageService } from './portal-usage.service';

export interface IssuedLink {
  id: string;
  /** The only time the full address (with its token) is ever shown. */
  url: string;
  /** The same link as a short address to type from a printout (shown only here too). */
  shortUrl: string;
  qrSvg: string;
  expiresAt: string;
  requireDateOfBirth: boolean;
  /** One entry a channel asked for in `sendTo`: sent or failed (the link works either way). */
  delivery: DeliveryView[];
}

/** 10 letters and digits that cannot be misread (no 0/o, 1/l/i): about 50 bits. */
const SHORT_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const SHORT_CODE = /^[abcdefghjkmnpqrstuvwxyz23456789]{10}$/;

function shortCode(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => SHORT_CODE_ALPHABET[b % SHORT_CODE_ALPHABET.length]).join('');
}

export interface LinkView {
  id: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  requireDateOfBirth: boolean;
  state: 'live' | 'locked' | 'expired' | 'revoked';
  /** Locks after wrong dates of birth since the last right one: the clinic may want to call. */
  timesLocked: number;
  lockedUntil: string | null;
  /** When the patient last opened the handout through this link. */
  lastOpenedAt: string | null;
  /** Each time the link was sent to the patient, newest first. */
  deliveries: DeliveryView[];
}

export const MAX_LINK_DAYS = 365;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Clinicians' side of portal links: issue, list, revoke, and what patients did with them. */
@Injectable()
export class LinksService {
  constructor(
    @InjectRepository(PortalLink) private readonly links: Repository<PortalLink>,
    private readonly dataSource: DataSource,
    private readonly handouts: HandoutsService,
    private readonly pdfs: HandoutPdfService,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly usage: PortalUsageService,
    private readonly sending: LinkDeliveryService,
  ) {}

  async issuePortalLink(actor: Actor, handoutId: string, dto: IssueLinkDto): Promise<IssuedLink> {
    const handout = await this.handouts.findByIdOrThrow(actor, handoutId);
    if (handout.latestVersion === 0)
      throw new ConflictException('handout: publish a version before issuing a link');
    // A channel that cannot send is refused now, before a link exists.
    this.sending.refuseUnavailable(dto.sendTo);
    const clinic = await this.clinics.getClinic(actor);
    const days = Math.min(dto.expiresInDays ?? clinic.defaultLinkDays, MAX_LINK_DAYS);
    const token = randomBytes(32).toString('base64url');
    const code = shortCode();
    const expiresAt = new Date(this.clock.now().getTime() + days * 86_400_000);
    const requireDob = dto.requireDateOfBirth ?? clinic.requireDobByDefault;
    const link = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(PortalLink, {
          clinicId: actor.clinicId,
          handoutId,
          tokenHash: hashToken(token),
          shortCodeHash: hashToken(code),
          requireDob,
          expiresAt,
          createdById: actor.userId,
        }),
      );
      await this.audit.recordByUser(
        actor,
        'link.issued',
        { type: 'link', id: saved.id },
        { handoutId, days, requireDob },
        manager,
      );
      return saved;
    });
    const url = `${this.config.publicUrl}/p/${token}`;
    // The link is committed: whatever happens to the message, the answer carries the link.
    const delivery = dto.sendTo
      ? await this.sending.deliverLink(
          actor,
          { id: link.id, url, expiresAt, requireDob, handout },
          clinic,
          dto.sendTo,
        )
      : [];
    return {
      id: link.id,
      url,
      shortUrl: `${this.config.publicUrl}/p/c/${code}`,
      qrSvg: await qrSvg(url),
      expiresAt: expiresAt.toISOString(),
      requireDateOfBirth: requireDob,
      delivery,
    };
  }

  async listLinks(actor: Actor, handoutId: string): Promise<LinkView[]> {
    await this.handouts.findByIdOrThrow(actor, handoutId);
    const links = await this.links.find({
      where: { clinicId: actor.clinicId, handoutId },
      order: { createdAt: 'DESC' },
    });
    const now = this.clock.now();
    await this.audit.flush(); // opens are queued briefly
    const opened: { id: string; last: Date }[] = links.length
      ? await this.dataSource.query(
          `SELECT target_id AS id, max(at) AS last FROM audit_events
            WHERE clinic_id = $1 AND action = 'portal.opened' AND target_type = 'link' AND target_id = ANY($2::text[])
            GROUP BY target_id`,
          [actor.clinicId, links.map((l) => l.id)],
        )
      : [];
    const lastOpened = new Map(opened.map((o) => [o.id, new Date(o.last).toISOString()]));
    const deliveries = await this.sending.deliveriesOf(
      actor.clinicId,
      links.map((l) => l.id),
    );
    return links.map((l) => ({
      id: l.id,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      revokedAt: l.revokedAt?.toISOString() ?? null,
      requireDateOfBirth: l.requireDob,
      state: l.revokedAt
        ? 'revoked'
        : l.expiresAt <= now
          ? 'expired'
          : l.lockedUntil && l.lockedUntil > now
            ? 'locked'
            : 'live',
      timesLocked: l.lockCount,
      lockedUntil: l.lockedUntil && l.lockedUntil > now ? l.lockedUntil.toISOString() : null,
      lastOpenedAt: lastOpened.get(l.id) ?? null,
      deliveries: deliveries.get(l.id) ?? [],
    }));
  }

  /**
   * The latest version printed with the link's QR code. The token is only in the answer that
   * issued the link, so the caller sends it back; it must match the stored hash.
   */
  async printWithLink(actor: Actor, linkId: string, dto: PrintLinkDto): Promise<PdfFile> {
    const link = await this.links.findOneBy({ id: linkId, clinicId: actor.clinicId });
    if (!link) throw new NotFoundException('link: not found');
    if (hashToken(dto.token) !== link.tokenHash)
      throw new BadRequestException(['token: does not belong to this link']);
    if (link.revokedAt || link.expiresAt <= this.clock.now())
      throw new ConflictException('link: it no longer works; issue a new one');
    if (dto.code !== undefined && hashToken(dto.code) !== link.shortCodeHash)
      throw new BadRequestException(['code: does not belong to this link']);
    const handout = await this.handouts.findByIdOrThrow(actor, link.handoutId);
    return this.pdfs.renderVersionPdf(actor, handout.id, handout.latestVersion, {
      variant: dto.variant,
      portalUrl: `${this.config.publicUrl}/p/${dto.token}`,
      // A person types the short address; the QR code carries the full one.
      portalAddress: dto.code ? `${this.config.publicUrl}/p/c/${dto.code}` : undefined,
    });
  }

  /** Stops a link at once; other links to the same handout keep working. */
  async revokeLink(actor: Actor, linkId: string): Promise<void> {
    const link = await this.links.findOneBy({ id: linkId, clinicId: actor.clinicId });
    if (!link) throw new NotFoundException('link: not found');
    if (link.revokedAt) return;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(PortalLink, { id: linkId }, { revokedAt: this.clock.now() });
      await this.audit.recordByUser(
        actor,
        'link.revoked',
        { type: 'link', id: linkId },
        { handoutId: link.handoutId },
        manager,
      );
    });
  }

  /** Opens and downloads by the patient, publishes and link changes, newest first. */
  async activity(actor: Actor, handoutId: string) {
    await this.handouts.findByIdOrThrow(actor, handoutId);
    await this.audit.flush();
    const rows: {
      action: string;
      at: Date;
      actor_type: string;
      actor_id: string | null;
      target_id: string;
      details: Record<string, unknown>;
    }[] = await this.dataSource.query(
      `SELECT e.action, e.at, e.actor_type, e.actor_id, e.target_id, e.details
           FROM audit_events e
          WHERE e.clinic_id = $1
            AND ((e.target_type = 'handout' AND e.target_id = $2::text)
              OR (e.target_type = 'link' AND e.target_id IN (SELECT id::text FROM portal_links WHERE handout_id = $2::uuid AND clinic_id = $1)))
          ORDER BY e.at DESC, e.id DESC
          LIMIT 500`,
      [actor.clinicId, handoutId],
    );
    const items = rows.map((r) => ({
      action: r.action,
      at: new Date(r.at).toISOString(),
      by: r.actor_type,
      ...(r.actor_type === 'link' ? { linkId: r.actor_id } : { userId: r.actor_id }),
      ...(typeof r.details.version === 'number' ? { version: r.details.version } : {}),
      // A send: which channel, and why it failed (the trail keeps no address).
      ...(typeof r.details.channel === 'string' ? { channel: r.details.channel } : {}),
      ...(typeof r.details.reason === 'string' && r.action === 'link.send_failed'
        ? { reason: r.details.reason }
        : {}),
    }));
    // The same counts as the patient page, over every event (the list stops at 500).
    return { items, summary: await this.usage.countFor(actor.clinicId, handoutId) };
  }
}
