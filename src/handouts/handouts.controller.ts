import { Scope } from '../auth/scopes';
import { Body, Controller, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { ApiConflictResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CreateHandoutDto, SaveAsTemplateDto, SaveDraftDto } from './dto/handout.dto';
import { HandoutsService } from './handouts.service';
import { HandoutPdfService } from './handout-pdf.service';
import { PdfQueryDto } from './dto/pdf-query.dto';
import { sendPdf } from '../rendering/send-pdf';
import { NumberPipe } from '../common/number.pipe';

@ApiTags('handouts')
@Roles('clinician')
@Controller('api')
export class HandoutsController {
  constructor(
    private readonly handouts: HandoutsService,
    private readonly pdfs: HandoutPdfService,
  ) {}

  @Scope('handouts:write')
  @Post('patients/:id/handouts')
  @ApiOperation({ summary: 'A new handout for the patient, empty or from a template' })
  create(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) patientId: string,
    @Body() dto: CreateHandoutDto,
  ) {
    return this.handouts.createHandout(actor, patientId, dto);
  }

  @Post('handouts/:id/save-as-template')
  @ApiOperation({
    summary:
      "Save the draft's blocks and values as a template of the clinic's own, ready to start from",
  })
  saveAsTemplate(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body() dto: SaveAsTemplateDto,
  ) {
    return this.handouts.saveAsTemplate(actor, id, dto.title);
  }

  @Scope('handouts:read')
  @Get('handouts/:id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.handouts.getHandout(actor, id);
  }

  @Scope('handouts:write')
  @Put('handouts/:id/draft')
  @ApiOperation({
    summary: 'Save the draft; 400 names the field at fault, 409 when `revision` is stale',
  })
  @ApiConflictResponse({
    description: 'The draft changed since `revision` (another tab or person)',
  })
  saveDraft(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body() dto: SaveDraftDto,
  ) {
    return this.handouts.saveDraft(actor, id, dto);
  }

  @Scope('handouts:read')
  @Get('handouts/:id/preview')
  @ApiOperation({
    summary:
      'The draft drawn as the patient will see it, its reading grade and what still stops publishing',
  })
  preview(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.handouts.previewDraft(actor, id);
  }

  @Scope('handouts:write')
  @Post('handouts/:id/publish')
  @ApiOperation({
    summary:
      'Freeze the draft into the next version. Refused with 400 (naming what is wrong) when the draft is empty, lacks the required warning-signs block, or has a value out of bounds; refused with 409 when nothing changed since the latest version.',
  })
  @ApiConflictResponse({ description: 'Nothing changed since the latest version' })
  async publish(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    const published = await this.handouts.publish(actor, id);
    // The patient's first PDF is made now, in the background, not when they ask for it.
    this.pdfs.prerenderSoon(actor, id, published.number);
    return published;
  }

  @Scope('handouts:read')
  @Get('handouts/:id/versions/:number/pdf')
  @ApiOperation({
    summary: 'The version as a PDF (cached for good; strong ETag, 304 for If-None-Match)',
  })
  @ApiProduces('application/pdf')
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('number', NumberPipe) number: number,
    @Query() query: PdfQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    sendPdf(req, res, await this.pdfs.renderVersionPdf(actor, id, number, query));
  }

  @Scope('handouts:read')
  @Get('handouts/:id/versions/:number')
  version(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('number', NumberPipe) number: number,
  ) {
    return this.handouts.getVersion(actor, id, number);
  }
}
