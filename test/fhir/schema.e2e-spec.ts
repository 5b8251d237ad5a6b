import { toDocumentReference } from '../../src/fhir/document-reference.mapper';
import { toFhirPatient } from '../../src/fhir/patient.mapper';
import { expectValidFhir, fhirSchemaErrors, loadFhirSchema } from './fhir-schema';

/** The vendored schema is the R4 4.0.1 one, and the validator really refuses what is wrong. */
describe('the official FHIR R4 JSON schema', () => {
  it('is version 4.0.1 of R4', () => {
    const schema = loadFhirSchema() as {
      id: string;
      definitions: Record<string, { properties: Record<string, { enum?: string[] }> }>;
    };
    expect(schema.id).toBe('http://hl7.org/fhir/json-schema/4.0');
    const versions = schema.definitions.CapabilityStatement.properties.fhirVersion.enum;
    expect(versions?.at(-1)).toBe('4.0.1');
    // Added by the 4.0.1 technical correction, absent from 4.0.0.
    expect(Object.keys(schema.definitions.Extension.properties)).toContain('valueMeta');
  });

  it('refuses what R4 does not allow', () => {
    expect(fhirSchemaErrors({ resourceType: 'Patient', birthDate: '1968-3-14' })).not.toEqual([]);
    expect(fhirSchemaErrors({ resourceType: 'Patient', nickname: 'M' })).not.toEqual([]);
    expect(fhirSchemaErrors({ resourceType: 'DocumentReference', status: 'current' })).not.toEqual(
      [],
    );
    expect(
      fhirSchemaErrors({ resourceType: 'DocumentReference', status: 'draft', content: [{}] }),
    ).not.toEqual([]);
    // What the schema cannot say (a required primitive, a non-empty list) the tests check by hand.
    expect(fhirSchemaErrors({ resourceType: 'DocumentReference', content: [] })).toEqual([]);
    expect(
      fhirSchemaErrors({ resourceType: 'OperationOutcome', issue: [{ severity: 'bad' }] }),
    ).not.toEqual([]);
  });

  it('accepts the mappers’ edge cases: no MRN, an odd language, an API key as author', () => {
    expectValidFhir(
      toFhirPatient({
        id: '0b9c7e1a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
        clinicId: 'c1',
        displayName: 'M',
        dateOfBirth: '2001-01-01',
        mrn: null,
        language: 'x-?',
        archivedAt: new Date(),
        updatedAt: new Date(),
      }),
    );
    expectValidFhir(
      toDocumentReference(
        {
          versionId: '11111111-2222-4333-8444-555555555555',
          handoutId: '6f1e2d3c-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
          number: 1,
          language: 'es',
          title: 'T',
          publishedAt: new Date(),
          patientId: '0b9c7e1a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
          latestVersion: 1,
          userName: null,
          keyName: 'EHR',
        },
        { sha1: 'qvTGHdzF6KLavt4PO0gs2a6pQ00=', size: 1 },
        'http://localhost:3000',
      ),
    );
  });
});
