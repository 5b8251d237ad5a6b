import { Scope } from '../auth/scopes';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CreatePatientDto, PatientQueryDto, UpdatePatientDto } from './dto/patient.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@Roles('clinician')
@Controller('api/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Scope('patients:write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePatientDto) {
    return this.patients.createPatient(actor, dto);
  }

  @Scope('patients:read')
  @Get()
  @ApiOperation({
    summary: 'Search by part of the name or the MRN; archived patients only on request',
  })
  list(@CurrentActor() actor: Actor, @Query() query: PatientQueryDto) {
    return this.patients.listPatients(actor, query);
  }

  @Scope('patients:read')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.patients.viewPatient(actor, id);
  }

  @Scope('patients:write')
  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdatePatientDto,
  ) {
    return this.patients.updatePatient(actor, id, dto);
  }

  @Scope('patients:write')
  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive (patients are never deleted)' })
  archive(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.patients.archivePatient(actor, id);
  }
}
