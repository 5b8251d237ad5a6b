import { BASE_LANGUAGE, languages, phrasesFor } from '../i18n/phrases';
import { Body, Controller, Get, Header, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ClinicsService } from '../clinics/clinics.service';
import { AppConfig } from '../config/app-config';
import { IdPipe } from '../common/id.pipe';
import { validateDto } from '../common/validation';
import { categoryLabel } from '../library/content/block-source';
import { LibraryService } from '../library/library.service';
import { PatientsService } from '../patients/patients.service';
import { HandoutRenderer, styleHashOf } from '../rendering/handout-renderer.service';
import { pick } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';
import { CreateHandoutDto } from '../handouts/dto/handout.dto';
import { DEFAULT_REVIEW_AFTER_DAYS } from '../handouts/handout.entity';
import { HandoutsService } from '../handouts/handouts.service';
import { NumberPipe } from '../common/number.pipe';
import { CheckInsService } from '../check-ins/check-ins.service';
import { ChannelsView, MessagingService } from '../messaging/messaging.service';
import { progressCard, safeBack } from './progress-card';

@ApiExcludeController()
@Roles('clinician')
@Controller()
export class HandoutsPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly handouts: HandoutsService,
    private readonly patients: PatientsService,
    private readonly library: LibraryService,
    private readonly renderer: HandoutRenderer,
    private readonly clinics: ClinicsService,
    private readonly config: AppConfig,
    private readonly checkIns: CheckInsService,
    private readonly messaging: MessagingService,
  ) {}

  @Post('patients/:id/handouts')
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) patientId: string,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields = pick(body, ['title', 'templateKey']);
    if (fields.templateKey === '') delete fields.templateKey;
    if (fields.title === '') delete fields.title;
    // A refusal (a retired template, a bad title) fails as every page does: the error page
    // names the problem with its status, rather than a silent return to the patient.
    const handout = await this.handouts.createHandout(
      actor,
      patientId,
      validateDto(CreateHandoutDto, fields),
    );
    res.redirect(303, `/handouts/${handout.id}`);
  }

  /** The builder: library, the handout and the live preview side by side. */
  @Get('handouts/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async builder(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const handout = await this.handouts.getHandout(actor, id);
    const patient = await this.patients.findByIdOrThrow(actor, handout.patientId);
    const categories = [
      ...new Set(
        (await this.library.listBlocks(actor, { pageSize: 200 })).items.map((b) => b.category),
      ),
    ].map((value) => ({ value, label: categoryLabel(value) }));
    return this.pages.render(req, res, 'handouts/builder', `Handout for ${patient.displayName}`, {
      handout,
      // The addresses prefill "Send by email" / "Send by text" in the share panel.
      patient: {
        id: patient.id,
        displayName: patient.displayName,
        email: patient.email ?? '',
        phone: patient.phone ?? '',
      },
      sending: sendingChoices(this.messaging.availability()),
      categories,
      latest: handout.versions.at(-1) ?? null,
      reviewAfterDays: handout.draft.reviewAfterDays ?? DEFAULT_REVIEW_AFTER_DAYS,
      languages: languageChoices(handout.draft.language),
      // A handout in another language can be printed with English alongside each block.
      translated: (handout.draft.language ?? BASE_LANGUAGE) !== BASE_LANGUAGE,
      publicUrl: this.config.publicUrl,
      publicUrlIsLocal: this.config.publicUrlIsLocal,
      clinic: await this.clinics.getClinic(actor),
      progress: handout.versions.length
        ? await progressCard(
            this.checkIns,
            actor,
            { id, title: handout.draft.title },
            `/handouts/${id}`,
          )
        : null,
      wide: true,
    });
  }

  /** The clinician has seen the patient's flags: clear them (audited), back to where they were. */
  @Post('handouts/:id/check-ins/seen')
  async seen(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    // The flags the page showed: one raised since it was drawn stays until it is seen.
    const shown = [body.flags ?? []].flat().filter((f): f is string => typeof f === 'string');
    await this.checkIns.markSeen(actor, id, shown.slice(0, 200));
    res.redirect(303, safeBack(body.back, `/handouts/${id}`));
  }

  /** The draft as the patient will see it, for the builder's preview frame. */
  @Get('handouts/:id/preview')
  async preview(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Res() res: Response,
  ) {
    const { html } = await this.handouts.previewDraft(actor, id);
    sendDocument(res, html, "'self'");
  }

  /** A published version exactly as frozen. */
  @Get('handouts/:id/versions/:number')
  async version(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('number', NumberPipe) number: number,
    @Res() res: Response,
  ) {
    const version = await this.handouts.findVersionOrThrow(actor, id, number);
    sendDocument(res, this.renderer.renderVersion(version), "'self'");
  }
}

/**
 * Sends a patient document with a policy that allows exactly its own inline style and
 * nothing else: no scripts, no requests beyond data: images.
 */
export function sendDocument(res: Response, html: string, frameAncestors: string): void {
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src ${styleHashOf(html)}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors ${frameAncestors}`,
  );
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}

/** The languages a handout can be in, for the builder's select: "Spanish (Español)". */
function languageChoices(selected = BASE_LANGUAGE) {
  return languages().map((code) => {
    const { name, englishName } = phrasesFor(code);
    return {
      code,
      label: name === englishName ? name : `${englishName} (${name})`,
      selected: code === selected,
    };
  });
}

/** The share panel's sending choices: which channels can send, and whether to the outbox. */
function sendingChoices(channels: ChannelsView) {
  return {
    email: channels.email.available,
    sms: channels.sms.available,
    outbox: channels.email.via === 'outbox' || channels.sms.via === 'outbox',
    any: channels.email.available || channels.sms.available,
  };
}
