import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Roles('admin')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: "The clinic's audit trail, newest first, filtered and paged" })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto) {
    return this.audit.listEvents(actor, query);
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="audit-trail.csv"')
  @ApiProduces('text/csv')
  exportCsv(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<string> {
    return this.audit.exportCsv(actor, query);
  }
}
