import {
  Body,
  Controller,
  Get,
  Header,
  Post,
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
};

@ApiExcludeController()
@Roles('admin')
@Controller('admin/clinic')
export class ClinicsPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly clinics: ClinicsService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async settings(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.renderSettings(actor, req, res, null, []);
  }

  @Post()
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

  @Post('logo')
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

  @Post('logo/remove')
  async removeLogo(@CurrentActor() actor: Actor, @Res() res: Response) {
    await this.clinics.removeLogo(actor);
    res.redirect(303, '/admin/clinic');
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
    });
  }
}
