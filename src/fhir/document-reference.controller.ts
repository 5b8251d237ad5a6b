import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Scope } from '../auth/scopes';
import { FhirDocumentsService } from './fhir-documents.service';
import { FhirJsonInterceptor } from './fhir-json.interceptor';
import { FhirQuery, QueryPairs } from './fhir-query';

@ApiTags('fhir')
@ApiProduces('application/fhir+json')
@Roles('clinician')
@Scope('handouts:read')
@UseInterceptors(FhirJsonInterceptor)
@Controller('fhir/r4/DocumentReference')
export class DocumentReferenceController {
  constructor(private readonly documents: FhirDocumentsService) {}

  @Get()
  @ApiOperation({
    summary: 'FHIR DocumentReference search: ?patient=, subject=, date=, status=, _count, _offset',
  })
  search(@CurrentActor() actor: Actor, @FhirQuery() query: QueryPairs) {
    return this.documents.search(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'FHIR DocumentReference read; the id is <handoutId>-<version number>' })
  read(@CurrentActor() actor: Actor, @Param('id') id: string, @FhirQuery() query: QueryPairs) {
    return this.documents.read(actor, id, query);
  }
}
