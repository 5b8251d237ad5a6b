import { GoneException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { EncodedBody, encodeBody } from '../rendering/encoded-body';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { answersToShowAgain, formMessages, readCheckInForm } from '../check-ins/check-in-form';
import { CheckInsService, PreviousPain } from '../check-ins/check-ins.service';
import { portalToday, TodayInput } from '../check-ins/portal-today';
import { RequestOrigin } from '../auth/actor';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { poolOf, preparedQuery } from '../database/prepared-query';
import { HandoutPdfService, PdfFile } from '../handouts/handout-pdf.service';
import { HandoutVersion } from '../handouts/handout-version.entity';
import { Handout } from '../handouts/handout.entity';
import { Patient } from '../patients/patient.entity';
import {
  HandoutRenderer,
  PortalBar,
  styleHashOf,
  Variant,
} from '../rendering/handout-renderer.service';
import { BASE_LANGUAGE, phrasesFor } from '../i18n/phrases';
import { hashToken, SHORT_CODE } from './links.service';
import { PortalLink } from './portal-link.entity';

export const MAX_DOB_ATTEMPTS = 5;
const FIRST_LOCK_MINUTES = 15;
const LONGEST_LOCK_MINUTES = 24 * 60;

/** 15 minutes for the first lock, doubling with each lock after it, at most a day. */
export function lockMinutes(lockCount: number): number {
  return Math.min(FIRST_LOCK_MINUTES * 2 ** Math.min(lockCount - 1, 10), LONGEST_LOCK_MINUTES);
}

/** What the portal needs to know about a link, read in one query. */
export interface LinkRecord {
  id: string;
  clinicId: string;
  handoutId: string;
  tokenHash: string;
  shortCodeHash: string | null;
  requireDob: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
  lockedUntil: Date | null;
  clinic: { name: string; phone: string; emergencyNumber: string };
  /** The latest published version, or null if there is none; `language` is the handout's. */
  latest: { id: string; number: number; title: string; hasPlan: boolean; language: string } | null;
  /** The patient's date now, on the clinic's clock. */
  today: string;
  /** When the link's check-in for today was last saved (ms), or null. */
  checkedInAt: number | null;
  /** Read for a check-in only: the handout's pains on the two days before today. */
  previousPains?: PreviousPain[];
}

export type DobOutcome = { kind: 'ok' } | { kind: 'wrong' } | { kind: 'locked'; until: Date };

export type LinkState =
  | { kind: 'unknown' }
  | { kind: 'expired' | 'revoked' | 'locked'; link: LinkRecord; clinic: LinkRecord['clinic'] }
  | { kind: 'ok'; link: LinkRecord; clinic: LinkRecord['clinic'] };

/** A link, its clinic, its latest version and today's check-in; `extra` adds columns. */
const linkQuery = (extra = '') => `
  SELECT l.id, l.clinic_id, l.handout_id, l.token_hash, l.short_code_hash, l.require_dob, l.expires_at, l.revoked_at, l.locked_until,
         c.name AS clinic_name, c.phone AS clinic_phone, c.emergency_number AS clinic_emergency_number,
         v.id AS version_id, v.number AS version_number, v.title AS version_title, (v.plan IS NOT NULL) AS has_plan, v.language AS version_language,
         to_char(t.today, 'YYYY-MM-DD') AS today, ci.updated_at AS checked_in_at${extra}
    FROM portal_links l
    JOIN clinics c ON c.id = l.clinic_id
    CROSS JOIN LATERAL (SELECT ($2::timestamptz AT TIME ZONE c.time_zone)::date AS today) t
    JOIN handouts h ON h.id = l.handout_id AND h.clinic_id = l.clinic_id
    LEFT JOIN handout_versions v ON v.handout_id = h.id AND v.number = h.latest_version
    LEFT JOIN check_ins ci ON ci.link_id = l.id AND ci.date = t.today`;
const LINK_QUERIES = {
  token: `${linkQuery()} WHERE l.token_hash = $1`,
  id: `${linkQuery()} WHERE l.id = $1`,
  code: `${linkQuery()} WHERE l.short_code_hash = $1`,
  // For a check-in: the handout's pains on the two days before, for a rising pain, in the
  // same round trip.
  'id-check-in': `${linkQuery(`,
         (SELECT coalesce(json_agg(json_build_object('date', to_char(p.date, 'YYYY-MM-DD'), 'pain', p.pain) ORDER BY p.updated_at), '[]')
            FROM check_ins p
           WHERE p.clinic_id = l.clinic_id AND p.handout_id = l.handout_id
             AND p.date >= t.today - 2 AND p.date < t.today) AS previous_pains`)} WHERE l.id = $1`,
};

export interface PortalPage {
  /** The page as UTF-8 bytes and compressed, encoded once and served many times. */
  body: EncodedBody;
  styleHash: string;
  /** The page carries the check-in form (its policy allows posting it to us). */
  hasForm: boolean;
}

/**
 * The patient's side of a link: checking tokens and dates of birth, and serving the latest
 * published version as a page or a PDF. Every open and download is audited by link id.
 */
@Injectable()
export class PortalService {
  /** Finished pages of immutable versions: the 500 most recently served. */
  private readonly pageCache = new LRUCache<string, PortalPage>({ max: 500 });

  constructor(
    @InjectRepository(PortalLink) private readonly links: Repository<PortalLink>,
    @InjectRepository(HandoutVersion) private readonly versions: Repository<HandoutVersion>,
    @InjectRepository(Handout) private readonly handouts: Repository<Handout>,
    @InjectRepository(Patient) private readonly patients: Repository<Patient>,
    private readonly renderer: HandoutRenderer,
    private readonly pdfs: HandoutPdfService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly checkIns: CheckInsService,
  ) {}

  /** The link a token opens, and whether it may be used now. */
  async resolveToken(token: string): Promise<LinkState> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { kind: 'unknown' };
    return this.stateOf(await this.findLink('token', hashToken(token)));
  }

  /** The link behind a portal address, checked against the token kept in the patient's cookie. */
  async resolveCookie(
    linkId: string,
    token: string | undefined,
    purpose: 'page' | 'check-in' = 'page',
  ): Promise<LinkState> {
    if (!token || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(linkId))
      return { kind: 'unknown' };
    const link = await this.findLink(purpose === 'check-in' ? 'id-check-in' : 'id', linkId);
    // The cookie holds what opened the link: its token, or its short code.
    const hash = hashToken(token);
    const matches =
      !!link &&
      (safeEqual(link.tokenHash, hash) ||
        (!!link.shortCodeHash && safeEqual(link.shortCodeHash, hash)));
    if (!link || !matches) return { kind: 'unknown' };
    return this.stateOf(link);
  }

  /** The link a short code (from a printout's short address) opens. */
  async resolveCode(code: string): Promise<LinkState> {
    if (!SHORT_CODE.test(code)) return { kind: 'unknown' };
    return this.stateOf(await this.findLink('code', hashToken(code)));
  }

  private async findLink(by: keyof typeof LINK_QUERIES, value: string): Promise<LinkRecord | null> {
    const [r] = await preparedQuery<Record<string, unknown>>(
      poolOf(this.links.manager.connection),
      `portal-link-by-${by}`,
      LINK_QUERIES[by],
      [value, this.clock.now()],
    );
    if (!r) return null;
    return {
      id: r.id as string,
      clinicId: r.clinic_id as string,
      handoutId: r.handout_id as string,
      tokenHash: r.token_hash as string,
      shortCodeHash: (r.short_code_hash as string | null) ?? null,
      requireDob: r.require_dob as boolean,
      expiresAt: new Date(r.expires_at as string),
      revokedAt: r.revoked_at ? new Date(r.revoked_at as string) : null,
      lockedUntil: r.locked_until ? new Date(r.locked_until as string) : null,
      clinic: {
        name: r.clinic_name as string,
        phone: r.clinic_phone as string,
        emergencyNumber: (r.clinic_emergency_number as string | null) ?? '',
      },
      latest: r.version_id
        ? {
            id: r.version_id as string,
            number: Number(r.version_number),
            title: r.version_title as string,
            hasPlan: r.has_plan as boolean,
            language: r.version_language as string,
          }
        : null,
      today: r.today as string,
      checkedInAt: r.checked_in_at ? new Date(r.checked_in_at as string).getTime() : null,
      ...(r.previous_pains ? { previousPains: r.previous_pains as PreviousPain[] } : {}),
    };
  }

  private stateOf(link: LinkRecord | null): LinkState {
    if (!link) return { kind: 'unknown' };
    const clinic = link.clinic;
    const now = this.clock.now();
    if (link.revokedAt) return { kind: 'revoked', link, clinic };
    if (link.expiresAt <= now) return { kind: 'expired', link, clinic };
    if (link.lockedUntil && link.lockedUntil > now) return { kind: 'locked', link, clinic };
    return { kind: 'ok', link, clinic };
  }

  /** Proof, kept in a cookie, that this browser gave the right date of birth for this link. */
  dobProof(link: LinkRecord): string {
    return createHmac('sha256', this.config.sessionSecret)
      .update(`dob:${link.id}:${link.tokenHash}`)
      .digest('base64url');
  }

  hasDobProof(link: LinkRecord, proof: string | undefined): boolean {
    return !link.requireDob || (!!proof && safeEqual(proof, this.dobProof(link)));
  }

  /**
   * Checks a date of birth. The check and the count are one step on the link's locked row, so
   * however many answers arrive at once, across instances, at most MAX_DOB_ATTEMPTS are
   * compared per lock. Each lock lasts twice as long as the one before (from 15 minutes up to a
   * day) until a right answer; every lock is audited, so the clinic sees it in the activity.
   * The date is a guard against a link reaching the wrong person, not a password.
   */
  async checkDateOfBirth(
    link: LinkRecord,
    dateOfBirth: string,
    origin: RequestOrigin,
  ): Promise<DobOutcome> {
    const event = {
      clinicId: link.clinicId,
      actorType: 'link' as const,
      actorId: link.id,
      targetType: 'link',
      targetId: link.id,
      origin,
    };
    return this.links.manager.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT l.failed_dob_attempts AS attempts, l.lock_count, l.locked_until,
                (p.date_of_birth = $3::date) AS matches
           FROM portal_links l
           JOIN handouts h ON h.id = l.handout_id AND h.clinic_id = l.clinic_id
           JOIN patients p ON p.id = h.patient_id AND p.clinic_id = l.clinic_id
          WHERE l.id = $1 AND l.clinic_id = $2
            FOR UPDATE OF l`,
        [link.id, link.clinicId, dateOfBirth],
      )) as { attempts: number; lock_count: number; locked_until: Date | null; matches: boolean }[];
      const now = this.clock.now();
      if (!row) return { kind: 'locked', until: now };
      if (row.locked_until && new Date(row.locked_until) > now)
        return { kind: 'locked', until: new Date(row.locked_until) };
      if (row.matches) {
        await manager.update(
          PortalLink,
          { id: link.id },
          { failedDobAttempts: 0, lockedUntil: null, lockCount: 0 },
        );
        await this.audit.record({ ...event, action: 'portal.dob_confirmed' }, manager);
        return { kind: 'ok' };
      }
      await this.audit.record(
        { ...event, action: 'portal.dob_failed', outcome: 'failure' },
        manager,
      );
      const attempts = row.attempts + 1;
      if (attempts < MAX_DOB_ATTEMPTS) {
        await manager.update(PortalLink, { id: link.id }, { failedDobAttempts: attempts });
        return { kind: 'wrong' };
      }
      const lockCount = row.lock_count + 1;
      const minutes = lockMinutes(lockCount);
      const until = new Date(now.getTime() + minutes * 60_000);
      await manager.update(
        PortalLink,
        { id: link.id },
        { failedDobAttempts: 0, lockCount, lockedUntil: until },
      );
      await this.audit.record(
        { ...event, action: 'portal.locked', outcome: 'denied', details: { lockCount, minutes } },
        manager,
      );
      return { kind: 'locked', until };
    });
  }

  /** The latest published version as the patient's page, with the portal's action bar. */
  async openPage(link: LinkRecord, variant: Variant, origin: RequestOrigin): Promise<PortalPage> {
    const version = this.latestOf(link);
    this.audit.recordSoon({
      clinicId: link.clinicId,
      actorType: 'link',
      actorId: link.id,
      action: 'portal.opened',
      targetType: 'link',
      targetId: link.id,
      origin,
      details: { version: version.number },
    });
    // Versions never change: the finished page is kept per version, variant and link, and, for
    // a plan, per day and saved check-in.
    const day = version.hasPlan ? `:${link.today}:${link.checkedInAt ?? 0}` : '';
    const key = `${version.id}:${variant}:${link.id}:${link.clinic.phone}:${link.clinic.emergencyNumber}:${this.renderer.styleHash}${day}`;
    let page = this.pageCache.get(key);
    if (!page) {
      page = await this.drawPage(link, variant);
      this.pageCache.set(key, page);
    }
    return page;
  }

  private async drawPage(
    link: LinkRecord,
    variant: Variant,
    refused?: TodayInput['refused'],
  ): Promise<PortalPage> {
    const version = this.latestOf(link);
    const frozen = await this.versions.findOneOrFail({
      where: { id: version.id },
      select: { id: true, html: true, document: true },
    });
    const today = version.hasPlan ? await this.todayOf(link, variant, refused) : undefined;
    const html = this.renderer.renderVersion(frozen, {
      variant,
      portalBar: portalBar(link.id, link.clinic, variant),
      ...(today ? { today } : {}),
    });
    return { body: encodeBody(html), styleHash: styleHashOf(html), hasForm: !!today?.form };
  }

  private async todayOf(link: LinkRecord, variant: Variant, refused?: TodayInput['refused']) {
    const version = this.latestOf(link);
    const plan = await this.checkIns.planOf(version.id);
    if (!plan) return undefined;
    const saved = link.checkedInAt ? await this.checkIns.findForDay(link.id, link.today) : null;
    return portalToday({
      plan,
      today: link.today,
      action: `/p/s/${link.id}/check-ins${variant === 'large' ? '?text=large' : ''}`,
      token: this.checkInToken(link),
      emergencyNumber: link.clinic.emergencyNumber,
      saved,
      refused,
      phrases: phrasesFor(version.language),
    });
  }

  /** The check-in form's anti-forgery token: bound to the link, unknown to any other site. */
  checkInToken(link: LinkRecord): string {
    return createHmac('sha256', this.config.sessionSecret)
      .update(`check-in:${link.id}:${link.tokenHash}`)
      .digest('base64url');
  }

  /**
   * A check-in posted from the patient's page. Saved when every answer is valid for today's
   * plan; otherwise nothing is written and the page comes back with what to correct (and the
   * emergency advice first when a sign was ticked, whatever else was wrong).
   */
  async checkIn(
    link: LinkRecord,
    body: Record<string, unknown>,
    variant: Variant,
    origin: RequestOrigin,
  ): Promise<{ kind: 'saved' } | { kind: 'refused'; page: PortalPage } | { kind: 'closed' }> {
    const version = this.latestOf(link);
    const plan = version.hasPlan ? await this.checkIns.planOf(version.id) : null;
    const day = plan?.days.find((d) => d.date === link.today);
    if (!plan || !day) return { kind: 'closed' };
    const target = {
      linkId: link.id,
      clinicId: link.clinicId,
      handoutId: link.handoutId,
      version: { id: version.id, number: version.number },
    };
    const token = typeof body.check === 'string' ? body.check : '';
    const ours = safeEqual(token, this.checkInToken(link));
    const phrases = phrasesFor(version.language);
    const outcome = ours
      ? readCheckInForm(body, day.items, plan.signs, phrases)
      : ({ ok: false, errors: [formMessages(phrases).unknown], emergencySigns: [] } as const);
    if (!outcome.ok) {
      const sent = answersToShowAgain(body, day.items, plan.signs);
      // An emergency sign reaches the clinician even when the rest of the form is refused (from
      // our own page only: the token proves it).
      if (ours && sent.emergencySigns?.length)
        await this.checkIns.record(
          target,
          plan,
          link.today,
          { pain: null, done: [], walkedMinutes: null, emergencySigns: sent.emergencySigns },
          link.previousPains ?? [],
          origin,
          true,
        );
      const page = await this.drawPage(link, variant, {
        errors: [...outcome.errors],
        // The advice follows every sign ticked, whether or not the form could be read.
        emergencySigns: sent.emergencySigns ?? [],
        sent,
      });
      return { kind: 'refused', page };
    }
    await this.checkIns.record(
      target,
      plan,
      link.today,
      outcome.answers,
      link.previousPains ?? [],
      origin,
    );
    return { kind: 'saved' };
  }

  /** The PDF of the latest version, with the QR code of the patient's own link on it. */
  async downloadPdf(
    link: LinkRecord,
    token: string,
    variant: Variant,
    origin: RequestOrigin,
  ): Promise<PdfFile> {
    const version = this.latestOf(link);
    // The patient's own key: the full token, or the short code if that opened the link.
    const file = await this.pdfs.renderPdf({ clinicId: link.clinicId }, version, {
      variant,
      portalUrl: SHORT_CODE.test(token)
        ? `${this.config.publicUrl}/p/c/${token}`
        : `${this.config.publicUrl}/p/${token}`,
    });
    await this.audit.record({
      clinicId: link.clinicId,
      actorType: 'link',
      actorId: link.id,
      action: 'portal.pdf_downloaded',
      targetType: 'link',
      targetId: link.id,
      origin,
      details: { version: version.number, variant },
    });
    return file;
  }

  private latestOf(link: LinkRecord): NonNullable<LinkRecord['latest']> {
    // Links are issued only for published handouts and versions are never deleted: this is a
    // safeguard, answered as a link that no longer works rather than a 500.
    if (!link.latest) throw new GoneException('This handout is no longer available.');
    return link.latest;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The language a link's pages speak: its handout's; English for a link nothing is known of. */
export function languageOf(state: LinkState): string {
  return ('link' in state ? state.link.latest?.language : undefined) ?? BASE_LANGUAGE;
}

export function telOf(phone: string): string {
  return phone.replace(/[^0-9+]/g, '');
}

/** The portal's action bar: addresses of our own, the clinic's phone as a tel: link. */
function portalBar(linkId: string, clinic: { phone: string }, variant: Variant): PortalBar {
  const base = `/p/s/${linkId}`;
  return {
    pdfHref: `${base}/pdf${variant === 'large' ? '?text=large' : ''}`,
    sizeHref: variant === 'large' ? base : `${base}?text=large`,
    large: variant === 'large',
    tel: clinic.phone ? telOf(clinic.phone) : null,
  };
}
