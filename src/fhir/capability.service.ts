import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { PROJECT_ROOT } from '../config/paths';
import { capabilityStatement } from './capability-statement';
import { fhirBase } from './fhir-ids';
import { QueryPairs } from './fhir-query';
import { assertReadParams } from './search-params';

/** The CapabilityStatement of this instance, made once at start-up. */
@Injectable()
export class CapabilityService {
  private readonly statement: ReturnType<typeof capabilityStatement>;

  constructor(config: AppConfig) {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    this.statement = capabilityStatement({
      base: fhirBase(config.publicUrl),
      software: { name: pkg.name, version: pkg.version },
      date: new Date().toISOString(),
    });
  }

  capabilities(query: QueryPairs) {
    assertReadParams(query, 'metadata');
    return this.statement;
  }
}
