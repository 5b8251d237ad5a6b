import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestOrigin } from '../auth/actor';
import { ClinicsService, ClinicView } from '../clinics/clinics.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { HandoutPdfService, PdfFile } from '../handouts/handout-pdf.service';
import { HandoutVersion } from '../handouts/handout-version.entity';
import { Handout } from '../handouts/handout.entity';
import { Patient } from '../patients/patient.entity';
import {
  HandoutRenderer,
  styleHashOf,
  Variant,
  withVariant,
} from '../rendering/handout-renderer.service';
import { hashToken } from './links.service';
import { PortalLink } from './portal-link.entity';

export const MAX_DOB_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60_000;

export type LinkState =
  | { kind: 'unknown' }
  | { kind: 'expired' | 'revoked' | 'locked'; link: PortalLink; clinic: ClinicView }
  | { kind: 'ok'; link: PortalLink; clinic: ClinicView };

export interface PortalPage {
  html: string;
  styleHash: string;
}

/**
 * The patient's side of a link: checking tokens and dates of birth, and serving the latest
 * published version as a page or a PDF. Every open and download is audited by link id.
 */
@Injectable()
export class PortalService {
  private readonly pageCache = new Map<string, PortalPage>();

  constructor(
    @InjectRepository(PortalLink) private readonly links: Repository<PortalLink>,
    @InjectRepository(HandoutVersion) private readonly versions: Repository<HandoutVersion>,
    @InjectRepository(Handout) private readonly handouts: Repository<Handout>,
    @InjectRepository(Patient) private readonly patients: Repository<Patient>,
    private readonly clinics: ClinicsService,
    private readonly renderer: HandoutRenderer,
    private readonly pdfs: HandoutPdfService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The link a token opens, and whether it may be used now. */
  async resolveToken(token: string): Promise<LinkState> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { kind: 'unknown' };
    return this.stateOf(await this.links.findOneBy({ tokenHash: hashToken(token) }));
  }

  /** The link behind a portal address, checked against the token kept in the patient's cookie. */
  async resolveCookie(linkId: string, token: string | undefined): Promise<LinkState> {
    if (!token || !/^[0-9a-f-]{36}$/.test(linkId)) return { kind: 'unknown' };
    const link = await this.links.findOneBy({ id: linkId });
    if (!link || !safeEqual(link.tokenHash, hashToken(token))) return { kind: 'unknown' };
    return this.stateOf(link);
  }

  private async stateOf(link: PortalLink | null): Promise<LinkState> {
    if (!link) return { kind: 'unknown' };
    const clinic = await this.clinics.getClinic({ clinicId: link.clinicId });
    const now = this.clock.now();
    if (link.revokedAt) return { kind: 'revoked', link, clinic };
    if (link.expiresAt <= now) return { kind: 'expired', link, clinic };
    if (link.lockedUntil && link.lockedUntil > now) return { kind: 'locked', link, clinic };
    return { kind: 'ok', link, clinic };
  }

  /** Proof, kept in a cookie, that this browser gave the right date of birth for this link. */
  dobProof(link: PortalLink): string {
    return createHmac('sha256', this.config.sessionSecret)
      .update(`dob:${link.id}:${link.tokenHash}`)
      .digest('base64url');
  }

  hasDobProof(link: PortalLink, proof: string | undefined): boolean {
    return !link.requireDob || (!!proof && safeEqual(proof, this.dobProof(link)));
  }

  /**
   * Checks a date of birth. Five wrong answers lock the link for 15 minutes. The date is a
   * guard against a link reaching the wrong person, not a password.
   */
  async checkDateOfBirth(
    link: PortalLink,
    dateOfBirth: string,
    origin: RequestOrigin,
  ): Promise<'ok' | 'wrong' | 'locked'> {
    const handout = await this.handouts.findOneByOrFail({ id: link.handoutId });
    const patient = await this.patients.findOneByOrFail({ id: handout.patientId });
    const event = {
      clinicId: link.clinicId,
      actorType: 'link' as const,
      actorId: link.id,
      targetType: 'link',
      targetId: link.id,
      origin,
    };
    if (dateOfBirth === patient.dateOfBirth) {
      await this.links.update({ id: link.id }, { failedDobAttempts: 0, lockedUntil: null });
      await this.audit.record({ ...event, action: 'portal.dob_confirmed' });
      return 'ok';
    }
    // One atomic increment, so parallel wrong answers are all counted.
    const [rows] = (await this.links.query(
      `UPDATE portal_links SET failed_dob_attempts = failed_dob_attempts + 1 WHERE id = $1 RETURNING failed_dob_attempts`,
      [link.id],
    )) as [{ failed_dob_attempts: number }[], number];
    const attempts = rows[0].failed_dob_attempts;
    await this.audit.record({ ...event, action: 'portal.dob_failed', outcome: 'failure' });
    if (attempts >= MAX_DOB_ATTEMPTS) {
      await this.links.update(
        { id: link.id },
        { failedDobAttempts: 0, lockedUntil: new Date(this.clock.now().getTime() + LOCK_MS) },
      );
      await this.audit.record({ ...event, action: 'portal.locked', outcome: 'denied' });
      return 'locked';
    }
    return 'wrong';
  }

  /** The latest published version as the patient's page, with the portal's action bar. */
  async openPage(
    link: PortalLink,
    clinic: ClinicView,
    variant: Variant,
    origin: RequestOrigin,
  ): Promise<PortalPage> {
    const version = await this.latestVersion(link);
    await this.audit.record({
      clinicId: link.clinicId,
      actorType: 'link',
      actorId: link.id,
      action: 'portal.opened',
      targetType: 'link',
      targetId: link.id,
      origin,
      details: { version: version.number },
    });
    const key = `${version.id}:${variant}:${link.id}:${this.renderer.templateHash}`;
    let page = this.pageCache.get(key);
    if (!page) {
      const html = withToolbar(
        withVariant(this.renderer.restyle(version.html), variant),
        toolbar(link.id, clinic, variant),
      );
      page = { html, styleHash: styleHashOf(html) };
      if (this.pageCache.size > 500) this.pageCache.clear();
      this.pageCache.set(key, page);
    }
    return page;
  }

  async downloadPdf(link: PortalLink, variant: Variant, origin: RequestOrigin): Promise<PdfFile> {
    const version = await this.latestVersion(link);
    const file = await this.pdfs.renderPdf({ clinicId: link.clinicId }, version, { variant });
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

  private async latestVersion(link: PortalLink): Promise<HandoutVersion> {
    const handout = await this.handouts.findOneByOrFail({
      id: link.handoutId,
      clinicId: link.clinicId,
    });
    return this.versions.findOneByOrFail({ handoutId: handout.id, number: handout.latestVersion });
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function telOf(phone: string): string {
  return phone.replace(/[^0-9+]/g, '');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The portal's action bar: our own markup, with the only variable text escaped. */
function toolbar(linkId: string, clinic: ClinicView, variant: Variant): string {
  const base = `/p/s/${linkId}`;
  const size =
    variant === 'large'
      ? `<a href="${base}">Normal text</a>`
      : `<a href="${base}?text=large">Larger text</a>`;
  const call = clinic.phone
    ? `<a href="tel:${escapeHtml(telOf(clinic.phone))}">Call the clinic</a>`
    : '';
  const pdf = `${base}/pdf${variant === 'large' ? '?text=large' : ''}`;
  return `<nav class="portal-bar" aria-label="Handout actions"><a class="primary" href="${pdf}" download>Download PDF</a><a href="${pdf}">Print</a>${size}${call}</nav>`;
}

function withToolbar(html: string, bar: string): string {
  return html.replace(/<body>(\s*<!--portal-toolbar-->)?/, () => `<body class="portal">\n${bar}`);
}
