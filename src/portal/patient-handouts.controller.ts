import { Scope } from '../auth/scopes';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { PortalUsageService } from './portal-usage.service';

/** The patient's handouts as the API lists them: each with what the patient did through it. */
@ApiTags('handouts')
@Roles('clinician')
@Controller('api')
export class PatientHandoutsController {
  constructor(private readonly usage: PortalUsageService) {}

  @Scope('handouts:read')
  @Get('patients/:id/handouts')
  @ApiOperation({ summary: "The patient's handouts with their latest version and portal use" })
  list(@CurrentActor() actor: Actor, @Param('id', IdPipe) patientId: string) {
    return this.usage.listForPatient(actor, patientId).then((items) => ({ items }));
  }
}
