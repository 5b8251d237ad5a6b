import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { validateDto } from '../common/validation';
import { pick } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';
import { pagerFor, queryOf } from '../views/pager';
import { OUTCOMES } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { AuditQueryDto } from '../audit/dto/audit-query.dto';

const FILTERS = ['action', 'actorId', 'targetId', 'outcome', 'from', 'to', 'page'];

@ApiExcludeController()
@Roles('admin')
@Controller('admin/audit')
export class AuditPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async trail(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() raw: Record<string, string>,
  ) {
    const filter = validateDto(AuditQueryDto, pick(raw, FILTERS));
    const result = await this.audit.listEvents(actor, filter);
    const { page: _page, pageSize: _size, ...filters } = filter;
    return this.pages.render(req, res, 'admin/audit', 'Audit trail', {
      filter: { action: '', actorId: '', targetId: '', outcome: '', from: '', to: '', ...filter },
      outcomes: OUTCOMES,
      result,
      pager: pagerFor('/admin/audit', result, filters),
      csvUrl: `/api/audit/export.csv?${queryOf(filters)}`,
    });
  }
}
