import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { Patient as PatientRecord } from '../patients/patient.entity';
import { searchsetBundle } from './bundle';
import { fhirBase, mrnSystem } from './fhir-ids';
import { QueryPairs } from './fhir-query';
import { Patient, SearchsetBundle } from './fhir-resources';
import { toFhirPatient } from './patient.mapper';
import { assertReadParams, parsePatientSearch } from './search-params';

/** FHIR Patient read and search, always within the actor's clinic. */
@Injectable()
export class FhirPatientsService {
  constructor(
    @InjectRepository(PatientRecord) private readonly patients: Repository<PatientRecord>,
    private readonly config: AppConfig,
  ) {}

  async read(actor: Pick<Actor, 'clinicId'>, id: string, query: QueryPairs): Promise<Patient> {
    assertReadParams(query, 'a Patient read');
    const patient = await this.patients.findOneBy({ id, clinicId: actor.clinicId });
    if (!patient) throw new NotFoundException(['Patient: not found']);
    return toFhirPatient(patient);
  }

  async search(
    actor: Pick<Actor, 'clinicId'>,
    query: QueryPairs,
  ): Promise<SearchsetBundle<Patient>> {
    const { mrns, page } = parsePatientSearch(query, mrnSystem(actor.clinicId));
    const where = { clinicId: actor.clinicId, mrn: In(mrns) };
    const total = mrns.length === 0 ? 0 : await this.patients.countBy(where);
    const found =
      page.count === 0 || page.offset >= total
        ? []
        : await this.patients.find({
            where,
            order: { createdAt: 'ASC', id: 'ASC' },
            skip: page.offset,
            take: page.count,
          });
    return searchsetBundle({
      base: fhirBase(this.config.publicUrl),
      resourceType: 'Patient',
      query,
      page,
      total,
      resources: found.map(toFhirPatient),
    });
  }
}
