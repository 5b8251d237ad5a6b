import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor } from '../auth/actor';
import { ClinicsService } from '../clinics/clinics.service';
import { createHash } from 'node:crypto';
import { HandoutRenderer, Variant } from '../rendering/handout-renderer.service';
import { qrSvg } from '../rendering/qr-code';
import { PdfCache } from '../rendering/pdf-cache.service';
import { PaperSize, PdfRenderer } from '../rendering/pdf-renderer.service';
import { HandoutVersion } from './handout-version.entity';
import { HandoutsService } from './handouts.service';
import type { PdfFile } from '../rendering/view-model';
import { loggerFor } from '../logging/logger';
import { LRUCache } from 'lru-cache';
import { footerTextOf } from '../rendering/page-rules';
import { BASE_LANGUAGE } from '../i18n/phrases';

export interface PdfOptions {
  variant?: Variant;
  paper?: PaperSize;
  /**
   * A live portal link to print as a QR code. Such a PDF carries the link's token, so it is
   * rendered on request and never stored in the shared cache.
   */
  portalUrl?: string;
  /** A translated handout with English alongside each block (ignored for English handouts). */
  bilingual?: boolean;
  /** The address printed beside the QR code (a short one to type), when not the QR's own. */
  portalAddress?: string;
}

export type { PdfFile };

/** What a PDF is made from, without the document itself (loaded only when rendering). */
interface VersionRef {
  id: string;
  number: number;
  title: string;
  /** The handout's language: the footer's words. */
  language: string;
}

const CLINIC_TTL_MS = 10_000;

/** What FHIR's Attachment says of a PDF: its size and SHA-1 (base64), as the spec asks. */
export interface PdfDigest {
  sha1: string;
  size: number;
}

/**
 * PDFs of published versions: the frozen document, printed by Chromium, cached for good. A
 * published version never changes, so its reference is remembered once looked up (always
 * within the asking clinic); a cache hit then costs no more than the bytes.
 */
@Injectable()
export class HandoutPdfService {
  /** What names each version's PDF (never changes): the 10,000 most recently used. */
  private readonly refs = new LRUCache<string, VersionRef>({ max: 10_000 });
  /** Each clinic's name and paper size, re-read at most every 10 seconds. */
  private readonly clinicInfo = new LRUCache<string, { name: string; paper: PaperSize }>({
    max: 10_000,
    ttl: CLINIC_TTL_MS,
  });

  /** SHA-1 and size of the PDFs named by these ETags (an ETag names immutable bytes). */
  private readonly digests = new LRUCache<string, PdfDigest>({ max: 10_000 });

  private readonly logger = loggerFor(HandoutPdfService.name);
  private prerendering = false;
  /** Render each newly published version in the background (tests of cache misses turn it off). */
  prerenderOnPublish = true;

  constructor(
    @InjectRepository(HandoutVersion) private readonly versions: Repository<HandoutVersion>,
    private readonly handouts: HandoutsService,
    private readonly clinics: ClinicsService,
    private readonly renderer: HandoutRenderer,
    private readonly pdf: PdfRenderer,
    private readonly cache: PdfCache,
  ) {}

  async renderVersionPdf(
    actor: Pick<Actor, 'clinicId'>,
    handoutId: string,
    number: number,
    options: PdfOptions,
  ): Promise<PdfFile> {
    const refKey = `${actor.clinicId}/${handoutId}/${number}`;
    let ref = this.refs.get(refKey);
    if (!ref) {
      // Only what names the PDF; when there is no such version, the handouts service says why.
      const version =
        (await this.versions.findOne({
          where: { handoutId, number, clinicId: actor.clinicId },
          select: { id: true, number: true, title: true, language: true },
        })) ?? (await this.handouts.findVersionOrThrow(actor, handoutId, number));
      ref = {
        id: version.id,
        number: version.number,
        title: version.title,
        language: version.language,
      };
      this.refs.set(refKey, ref);
    }
    return this.renderPdf(actor, ref, options);
  }

  /**
   * The SHA-1 and size of exactly the bytes `GET …/versions/:number/pdf` (no options) answers
   * with now: the same cached render, so a client can check what it downloads.
   */
  async versionPdfDigest(
    actor: Pick<Actor, 'clinicId'>,
    handoutId: string,
    number: number,
  ): Promise<PdfDigest> {
    const file = await this.renderVersionPdf(actor, handoutId, number, {});
    let digest = this.digests.get(file.etag);
    if (!digest) {
      digest = {
        sha1: createHash('sha1').update(file.bytes).digest('base64'),
        size: file.bytes.length,
      };
      this.digests.set(file.etag, digest);
    }
    return digest;
  }

  /**
   * Starts rendering a just-published version's standard PDF in the background, so the
   * patient's first download is a cache hit. Never delays the caller, one at a time, and
   * skipped when the renderer has work waiting: patients' own requests come first.
   */
  prerenderSoon(actor: Pick<Actor, 'clinicId'>, handoutId: string, number: number): void {
    if (!this.prerenderOnPublish || this.prerendering || !this.pdf.isIdle()) return;
    this.prerendering = true;
    setImmediate(() => {
      this.renderVersionPdf(actor, handoutId, number, {})
        .catch((error: unknown) =>
          this.logger.warn({ err: error, handoutId, number }, 'background PDF render failed'),
        )
        .finally(() => (this.prerendering = false));
    });
  }

  /** Also used by the patient portal, with the clinic of the link. */
  async renderPdf(
    actor: Pick<Actor, 'clinicId'>,
    version: VersionRef,
    options: PdfOptions,
  ): Promise<PdfFile> {
    const clinic = await this.clinicFor(actor.clinicId);
    const variant = options.variant ?? 'standard';
    const paper = options.paper ?? clinic.paper;
    const bilingual = !!options.bilingual && version.language !== BASE_LANGUAGE;
    // Every printed page says which version it is: a page found loose still tells its age.
    const footerText = footerTextOf(clinic.name, version.number, version.language);
    const key = this.cache.keyOf({
      handoutVersionId: version.id,
      // The bilingual printout is another layout of the same version.
      variant: bilingual ? `${variant}+${BASE_LANGUAGE}` : variant,
      paper,
      styleHash: this.renderer.styleHash,
      rendererFingerprint: this.pdf.fingerprint,
      footerText,
    });
    if (options.portalUrl) {
      return this.renderWithLink(
        version,
        variant,
        paper,
        footerText,
        key,
        options.portalUrl,
        options.portalAddress,
        bilingual,
      );
    }
    const bytes = await this.cache.getOrRender(key, version.id, async () => {
      const frozen = await this.versions.findOneOrFail({
        where: { id: version.id },
        select: { id: true, html: true, document: true },
      });
      return this.pdf.renderPdf({
        html: this.renderer.renderVersion(frozen, { variant, bilingual }),
        paper,
        footerText,
      });
    });
    return { bytes, etag: `"${key}"`, filename: pdfFilename(version, variant, bilingual) };
  }

  private async renderWithLink(
    version: VersionRef,
    variant: Variant,
    paper: PaperSize,
    footerText: string,
    key: string,
    url: string,
    address: string | undefined,
    bilingual: boolean,
  ): Promise<PdfFile> {
    const frozen = await this.versions.findOneOrFail({
      where: { id: version.id },
      select: { id: true, html: true, document: true },
    });
    const document = this.renderer.renderVersion(frozen, {
      variant,
      bilingual,
      portalLink: { qrSvg: await qrSvg(url), url: address ?? url },
    });
    const bytes = await this.pdf.renderPdf({ html: document, paper, footerText });
    const linkTag = createHash('sha256')
      .update(`${url} ${address ?? ''}`)
      .digest('hex')
      .slice(0, 16);
    return {
      bytes,
      etag: `"${key}-${linkTag}"`,
      filename: pdfFilename(version, variant, bilingual),
    };
  }

  /** The clinic's name and paper size, re-read at most every 10 seconds. */
  private async clinicFor(clinicId: string): Promise<{ name: string; paper: PaperSize }> {
    const known = this.clinicInfo.get(clinicId);
    if (known) return known;
    const clinic = await this.clinics.getClinic({ clinicId });
    const info = { name: clinic.name, paper: clinic.paperSize };
    this.clinicInfo.set(clinicId, info);
    return info;
  }
}

/** e.g. "first-72-hours-after-a-back-spasm-v2-large-print.pdf", "las-primeras-72-horas-…-v1-es-en.pdf" */
function pdfFilename(version: VersionRef, variant: Variant, bilingual = false): string {
  const slug =
    version.title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 50) || 'handout';
  const languages = bilingual ? `-${version.language}-${BASE_LANGUAGE}` : '';
  return `${slug}-v${version.number}${languages}${variant === 'large' ? '-large-print' : ''}.pdf`;
}
