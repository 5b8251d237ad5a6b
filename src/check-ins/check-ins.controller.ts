import { Scope } from '../auth/scopes';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CheckInsService } from './check-ins.service';
import { SeenDto } from './dto/seen.dto';

@ApiTags('check-ins')
@Roles('clinician')
@Controller('api/handouts/:id/check-ins')
export class CheckInsController {
  constructor(private readonly checkIns: CheckInsService) {}

  @Scope('handouts:read')
  @Get()
  @ApiOperation({
    summary:
      "The patient's check-ins on the handout's day-by-day plan, oldest first, and a summary: days so far, days checked in, completion, last pain, open flags",
  })
  list(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.checkIns.listForHandout(actor, id);
  }

  @Scope('handouts:write')
  @Post('seen')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Mark the flags as seen: those listed in `flags` (all when absent) are cleared (audited), and a missed check-in counts again from today',
  })
  seen(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: SeenDto) {
    return this.checkIns.markSeen(actor, id, dto.flags);
  }
}
