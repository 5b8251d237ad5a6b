import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { ClinicsService } from '../clinics/clinics.service';
import { HandoutRenderer, Variant, withVariant } from '../rendering/handout-renderer.service';
import { PdfCache } from '../rendering/pdf-cache.service';
import { PaperSize, PdfRenderer } from '../rendering/pdf-renderer.service';
import { HandoutVersion } from './handout-version.entity';
import { HandoutsService } from './handouts.service';

export interface PdfOptions {
  variant?: Variant;
  paper?: PaperSize;
}

export interface PdfFile {
  bytes: Buffer;
  etag: string;
  filename: string;
}

/** PDFs of published versions: the frozen document, printed by Chromium, cached for good. */
@Injectable()
export class HandoutPdfService {
  constructor(
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
    const version = await this.handouts.findVersionOrThrow(actor, handoutId, number);
    return this.renderPdf(actor, version, options);
  }

  /** Also used by the patient portal, with the clinic of the link. */
  async renderPdf(
    actor: Pick<Actor, 'clinicId'>,
    version: HandoutVersion,
    options: PdfOptions,
  ): Promise<PdfFile> {
    const clinic = await this.clinics.getClinic(actor);
    const variant = options.variant ?? 'standard';
    const paper = options.paper ?? clinic.paperSize;
    const footerText = clinic.name;
    const key = this.cache.keyOf({
      handoutVersionId: version.id,
      variant,
      paper,
      templateHash: this.renderer.templateHash,
      footerText,
    });
    const bytes = await this.cache.getOrRender(key, version.id, () =>
      this.pdf.renderPdf({
        html: withVariant(this.renderer.restyle(version.html), variant),
        paper,
        footerText,
      }),
    );
    const slug =
      version.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 50) || 'handout';
    return {
      bytes,
      etag: `"${key}"`,
      filename: `${slug}-v${version.number}${variant === 'large' ? '-large-print' : ''}.pdf`,
    };
  }
}
