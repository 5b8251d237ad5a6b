import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';
import { CapabilityService } from './capability.service';
import { FhirJsonInterceptor } from './fhir-json.interceptor';
import { FhirQuery, QueryPairs } from './fhir-query';

@ApiTags('fhir')
@ApiProduces('application/fhir+json')
@UseInterceptors(FhirJsonInterceptor)
@Controller('fhir/r4')
export class MetadataController {
  constructor(private readonly capability: CapabilityService) {}

  @Public()
  @Get('metadata')
  @ApiOperation({ summary: 'FHIR R4 CapabilityStatement: what this server serves (no sign-in)' })
  metadata(@FhirQuery() query: QueryPairs) {
    return this.capability.capabilities(query);
  }
}
