import { Body, Controller, Get, Header, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PortalUsageService } from '../portal/portal-usage.service';
import { LibraryService } from '../library/library.service';
import { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { validateDto } from '../common/validation';
import { pick, submitForm } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';
import { pagerFor } from '../views/pager';
import { CreatePatientDto, PatientQueryDto, UpdatePatientDto } from '../patients/dto/patient.dto';
import { PatientsService } from '../patients/patients.service';
import { CheckInsService } from '../check-ins/check-ins.service';
import { progressCard } from './progress-card';

const FIELDS = ['displayName', 'dateOfBirth', 'mrn', 'language', 'email', 'phone'];
const EMPTY_FORM = {
  displayName: '',
  dateOfBirth: '',
  mrn: '',
  language: 'en',
  email: '',
  phone: '',
};

/** The form's labels, for messages that name a field. */
const LABELS = {
  displayName: 'Name on handouts',
  dateOfBirth: 'Date of birth',
  mrn: 'Medical record number',
  language: 'Preferred language',
  email: 'Email',
  phone: 'Mobile number',
};

@ApiExcludeController()
@Roles('clinician')
@Controller('patients')
export class PatientsPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly patients: PatientsService,
    private readonly usage: PortalUsageService,
    private readonly library: LibraryService,
    private readonly checkIns: CheckInsService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() raw: Record<string, string>,
  ) {
    const query = validateDto(
      PatientQueryDto,
      pick(raw, ['q', 'page', 'includeArchived', 'attention']),
    );
    const result = await this.patients.listPatients(actor, query);
    const attention = await this.checkIns.attentionOf(
      actor,
      result.items.map((p) => p.id),
    );
    return this.pages.render(req, res, 'patients/list', 'Patients', {
      q: query.q ?? '',
      includeArchived: !!query.includeArchived,
      attention: !!query.attention,
      result: {
        ...result,
        items: result.items.map((p) => ({ ...p, attention: attention.get(p.id) ?? null })),
      },
      pager: pagerFor('/patients', result, {
        q: query.q,
        includeArchived: query.includeArchived ? 'true' : undefined,
        attention: query.attention ? 'true' : undefined,
      }),
    });
  }

  @Get('new')
  @Header('Content-Type', 'text/html; charset=utf-8')
  newForm(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.pages.render(req, res, 'patients/form', 'New patient', {
      patient: null,
      form: EMPTY_FORM,
      errors: [],
    });
  }

  @Post()
  async create(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const outcome = await submitForm(
      () => this.patients.createPatient(actor, validateDto(CreatePatientDto, pick(body, FIELDS))),
      LABELS,
    );
    if (outcome.ok) return res.redirect(303, `/patients/${outcome.value.id}`);
    const html = this.pages.render(req, res, 'patients/form', 'New patient', {
      patient: null,
      form: { ...EMPTY_FORM, ...pick(body, FIELDS) },
      errors: outcome.errors,
    });
    res.status(400).type('html').send(html);
  }

  @Get(':id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('archived') archived?: string,
  ) {
    const patient = await this.patients.viewPatient(actor, id);
    // Just archived (after the redirect): say how many links went with it.
    const linksRevoked =
      patient.archived && /^\d{1,4}$/.test(archived ?? '') ? Number(archived) : null;
    const [handouts, templates] = await Promise.all([
      this.usage.listForPatient(actor, id),
      this.library.listProtocols(actor),
    ]);
    const progress = (
      await Promise.all(
        handouts
          .filter((h) => h.latestVersion > 0)
          .map((h) => progressCard(this.checkIns, actor, h, `/patients/${id}`)),
      )
    ).filter((card) => card !== null);
    return this.pages.render(req, res, 'patients/show', patient.displayName, {
      patient,
      linksRevoked,
      handouts,
      progress,
      templates: templates.items,
    });
  }

  @Get(':id/edit')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async editForm(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const patient = await this.patients.findByIdOrThrow(actor, id);
    const form = {
      displayName: patient.displayName,
      dateOfBirth: patient.dateOfBirth,
      mrn: patient.mrn ?? '',
      language: patient.language,
      email: patient.email ?? '',
      phone: patient.phone ?? '',
    };
    return this.pages.render(req, res, 'patients/form', `Edit ${patient.displayName}`, {
      patient: { id },
      form,
      errors: [],
    });
  }

  @Post(':id')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const outcome = await submitForm(
      () =>
        this.patients.updatePatient(actor, id, validateDto(UpdatePatientDto, pick(body, FIELDS))),
      LABELS,
    );
    if (outcome.ok) return res.redirect(303, `/patients/${id}`);
    const html = this.pages.render(req, res, 'patients/form', 'Edit patient', {
      patient: { id },
      form: { ...EMPTY_FORM, ...pick(body, FIELDS) },
      errors: outcome.errors,
    });
    res.status(400).type('html').send(html);
  }

  @Post(':id/archive')
  async archive(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Res() res: Response,
  ) {
    const { linksRevoked } = await this.patients.archivePatient(actor, id);
    res.redirect(303, `/patients/${id}?archived=${linksRevoked}`);
  }
}
