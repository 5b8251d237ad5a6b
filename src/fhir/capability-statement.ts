import { FHIR_VERSION } from './fhir-resources';
import {
  DEFAULT_COUNT,
  DOCUMENT_SEARCH_PARAMS,
  MAX_COUNT,
  PATIENT_SEARCH_PARAMS,
  SearchParamDefinition,
} from './search-params';

export interface CapabilityInputs {
  /** The FHIR base, `${publicUrl}/fhir/r4`. */
  base: string;
  software: { name: string; version: string };
  /** When this statement was made (the server's start). */
  date: string;
}

/**
 * What this server does, and only that: read and search of Patient and DocumentReference,
 * JSON only, with the search parameters the parsers in search-params.ts accept.
 */
export function capabilityStatement(inputs: CapabilityInputs) {
  return {
    resourceType: 'CapabilityStatement' as const,
    status: 'active',
    date: inputs.date,
    publisher: inputs.software.name,
    kind: 'instance',
    software: inputs.software,
    implementation: {
      description: 'Clinic handouts: published patient handouts as FHIR R4, read-only',
      url: inputs.base,
    },
    fhirVersion: FHIR_VERSION,
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          `Read-only. Searches answer searchset Bundles of ${DEFAULT_COUNT} entries unless ` +
          `_count says otherwise (at most ${MAX_COUNT}); _offset=<n> skips the first n matches, ` +
          'and the next and previous links carry both. Unknown parameters and modifiers answer ' +
          '400. Every error is an OperationOutcome.',
        security: {
          cors: false,
          service: [{ text: 'API key (Bearer)' }],
          description:
            'Every interaction but metadata needs `Authorization: Bearer <key>` with an API key ' +
            'made by a clinic admin (scope patients:read for Patient, handouts:read for ' +
            'DocumentReference), or a signed-in clinician session. A key sees its own clinic ' +
            'only: records of other clinics answer 404.',
        },
        resource: [
          resource(
            'Patient',
            'The clinic’s patients: MRN, name as written on handouts, birth date, language.',
            PATIENT_SEARCH_PARAMS,
          ),
          resource(
            'DocumentReference',
            'One per published handout version, with its PDF as the attachment (url, size, SHA-1).',
            DOCUMENT_SEARCH_PARAMS,
          ),
        ],
      },
    ],
  };
}

function resource(type: string, documentation: string, params: readonly SearchParamDefinition[]) {
  return {
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    documentation,
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    versioning: 'no-version',
    readHistory: false,
    updateCreate: false,
    searchParam: params.map(({ name, type: paramType, definition, documentation: doc }) => ({
      name,
      definition,
      type: paramType,
      documentation: doc,
    })),
  };
}
