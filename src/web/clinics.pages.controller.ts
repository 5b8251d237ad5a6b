import {
  Body,
  Controller,
  Get,
  Header,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { validateDto } from '../common/validation';
import { pick, submitForm } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';
import { PAPER_SIZES, TIME_ZONES, WEIGHT_UNITS } from '../clinics/clinic.entity';
import { ClinicsService } from '../clinics/clinics.service';
import { UpdateClinicDto } from '../clinics/dto/update-clinic.dto';
import { LOGO_MAX_BYTES } from '../clinics/logo';
import { MessagingService } from '../messaging/messaging.service';
import { OutboxService } from '../messaging/outbox.service';
import { pagerFor } from '../views/pager';

const FIELDS = [
  'name',
  'phone',
  'address',
  'emergencyNumber',
  'outOfHours',
  'weightUnit',
  'timeZone',
  'website',
  'accentColor',
  'paperSize',
  'defaultLinkDays',
  'requireDobByDefault',
  'messagesUseFirstName',
];

/** The form's labels, for messages that name a field. */
const LABELS = {
  name: 'Clinic name',
  phone: 'Phone',
  address: 'Address',
  emergencyNumber: 'Emergency number',
  outOfHours: 'When the clinic is closed, patients contact',
  weightUnit: 'Weights in handouts',
  timeZone: 'Time zone',
  website: 'Website',
  accentColor: 'Accent colour',
  paperSize: 'Paper size for PDFs',
  defaultLinkDays: 'Portal links last (days)',
  requireDobByDefault: 'Portal links ask for the date of birth',
  messagesUseFirstName: 'Messages greet the patient by first name',
};

@ApiExcludeController()
@Roles('admin')
@Controller('admin')
export class ClinicsPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly clinics: ClinicsService,
    private readonly messaging: MessagingService,
    private readonly outbox: OutboxService,
  ) {}

  @Get('clinic')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async settings(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.renderSettings(actor, req, res, null, []);
  }

  @Post('clinic')
  async update(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields = pick(body, FIELDS);
    if (fields.defaultLinkDays !== undefined)
      fields.defaultLinkDays = Number(fields.defaultLinkDays);
    fields.requireDobByDefault =
      body.requireDobByDefault === 'on' || body.requireDobByDefault === 'true';
    fields.messagesUseFirstName =
      body.messagesUseFirstName === 'on' || body.messagesUseFirstName === 'true';
    if (fields.website === '') delete fields.website;
    const outcome = await submitForm(
      () => this.clinics.updateClinic(actor, validateDto(UpdateClinicDto, fields)),
      LABELS,
    );
    if (outcome.ok) return res.redirect(303, '/admin/clinic');
    res
      .status(400)
      .type('html')
      .send(await this.renderSettings(actor, req, res, fields, outcome.errors));
  }

  @Post('clinic/logo')
  @UseInterceptors(FileInterceptor('logo', { limits: { fileSize: 4 * LOGO_MAX_BYTES, files: 1 } }))
  async logo(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    const outcome = await submitForm(() => this.clinics.setLogo(actor, file?.buffer));
    if (outcome.ok) return res.redirect(303, '/admin/clinic');
    res
      .status(400)
      .type('html')
      .send(await this.renderSettings(actor, req, res, null, outcome.errors));
  }

  @Post('clinic/logo/remove')
  async removeLogo(@CurrentActor() actor: Actor, @Res() res: Response) {
    await this.clinics.removeLogo(actor);
    res.redirect(303, '/admin/clinic');
  }

  /**
   * The development outbox: the messages this clinic's staff "sent" while no SMTP server or
   * text-message provider was set up, kept instead of sent (never in production).
   */
  @Get('outbox')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async outboxPage(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('page') rawPage?: string,
  ) {
    const page = /^[1-9]\d{0,5}$/.test(rawPage ?? '') ? Number(rawPage) : 1;
    const result = await this.outbox.listMessages(actor, page);
    const channels = this.messaging.availability();
    return this.pages.render(req, res, 'admin/outbox', 'Outbox', {
      result: {
        ...result,
        items: result.items.map((m) => ({ ...m, isEmail: m.channel === 'email' })),
      },
      pager: pagerFor('/admin/outbox', result, {}),
      emailToOutbox: channels.email.via === 'outbox',
      smsToOutbox: channels.sms.via === 'outbox',
    });
  }

  private async renderSettings(
    actor: Actor,
    req: Request,
    res: Response,
    submitted: Record<string, unknown> | null,
    errors: string[],
  ) {
    const clinic = await this.clinics.getClinic(actor);
    const form = { ...clinic, ...(submitted ?? {}) };
    return this.pages.render(req, res, 'admin/clinic', 'Clinic settings', {
      clinic,
      form,
      paperSizes: PAPER_SIZES,
      weightUnits: WEIGHT_UNITS,
      // A zone set through the API under another name (Asia/Kolkata) stays selectable.
      timeZones: TIME_ZONES.includes(String(form.timeZone))
        ? TIME_ZONES
        : [String(form.timeZone), ...TIME_ZONES],
      errors,
      logoVersion: Date.now(),
      channels: this.messaging.availability(),
    });
  }
}
