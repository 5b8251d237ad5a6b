import type { Patient as PatientRecord } from '../patients/patient.entity';
import { mrnSystem } from './fhir-ids';
import { Patient } from './fhir-resources';

export type PatientFields = Pick<
  PatientRecord,
  | 'id'
  | 'clinicId'
  | 'displayName'
  | 'dateOfBirth'
  | 'mrn'
  | 'language'
  | 'archivedAt'
  | 'updatedAt'
>;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** A patient record as a FHIR Patient: the MRN, the name as the clinic writes it, the language. */
export function toFhirPatient(patient: PatientFields): Patient {
  return {
    resourceType: 'Patient',
    id: patient.id,
    meta: { lastUpdated: patient.updatedAt.toISOString() },
    ...(patient.mrn
      ? {
          identifier: [
            {
              use: 'usual',
              type: {
                coding: [
                  {
                    system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
                    code: 'MR',
                    display: 'Medical record number',
                  },
                ],
              },
              system: mrnSystem(patient.clinicId),
              value: patient.mrn,
            },
          ],
        }
      : {}),
    active: patient.archivedAt === null,
    // One free-text name: the record keeps how the patient is addressed, not family and given.
    name: [{ text: patient.displayName }],
    birthDate: patient.dateOfBirth,
    communication: [{ language: languageConcept(patient.language), preferred: true }],
  };
}

function languageConcept(tag: string) {
  return { coding: [{ system: 'urn:ietf:bcp:47', code: tag, ...displayOf(tag) }] };
}

function displayOf(tag: string): { display?: string } {
  try {
    const display = languageNames.of(tag);
    return display ? { display } : {};
  } catch {
    return {}; // not a well-formed tag: the code alone
  }
}
