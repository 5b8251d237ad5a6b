import { toFhirPatient, PatientFields } from './patient.mapper';

const record: PatientFields = {
  id: '0b9c7e1a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  clinicId: 'c1',
  displayName: 'Maria L.',
  dateOfBirth: '1968-03-14',
  mrn: 'MRN-7',
  language: 'es',
  archivedAt: null,
  updatedAt: new Date('2024-05-01T10:00:00Z'),
};

describe(toFhirPatient.name, () => {
  it('maps the MRN, the name as text, the birth date and the preferred language', () => {
    expect(toFhirPatient(record)).toEqual({
      resourceType: 'Patient',
      id: record.id,
      meta: { lastUpdated: '2024-05-01T10:00:00.000Z' },
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
          system: 'urn:clinic-handouts:clinic:c1:mrn',
          value: 'MRN-7',
        },
      ],
      active: true,
      name: [{ text: 'Maria L.' }],
      birthDate: '1968-03-14',
      communication: [
        {
          language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es', display: 'Spanish' }] },
          preferred: true,
        },
      ],
    });
  });

  it('leaves out a missing MRN, marks an archived patient inactive', () => {
    const patient = toFhirPatient({ ...record, mrn: null, archivedAt: new Date() });
    expect(patient.identifier).toBeUndefined();
    expect(patient.active).toBe(false);
  });

  it('keeps a language tag it cannot name as the code alone', () => {
    const patient = toFhirPatient({ ...record, language: 'x-?' });
    expect(patient.communication?.[0].language.coding).toEqual([
      { system: 'urn:ietf:bcp:47', code: 'x-?' },
    ]);
  });
});
