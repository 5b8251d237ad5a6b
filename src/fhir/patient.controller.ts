import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Scope } from '../auth/scopes';
import { IdPipe } from '../common/id.pipe';
import { FhirJsonInterceptor } from './fhir-json.interceptor';
import { FhirPatientsService } from './fhir-patients.service';
import { FhirQuery, QueryPairs } from './fhir-query';

@ApiTags('fhir')
@ApiProduces('application/fhir+json')
@Roles('clinician')
@Scope('patients:read')
@UseInterceptors(FhirJsonInterceptor)
@Controller('fhir/r4/Patient')
export class PatientController {
  constructor(private readonly patients: FhirPatientsService) {}

  @Get()
  @ApiOperation({ summary: 'FHIR Patient search by MRN: ?identifier=[system|]mrn' })
  search(@CurrentActor() actor: Actor, @FhirQuery() query: QueryPairs) {
    return this.patients.search(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'FHIR Patient read' })
  read(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @FhirQuery() query: QueryPairs,
  ) {
    return this.patients.read(actor, id, query);
  }
}
