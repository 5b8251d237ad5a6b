import { capabilityStatement } from './capability-statement';

describe(capabilityStatement.name, () => {
  const statement = capabilityStatement({
    base: 'https://portal.example.org/fhir/r4',
    software: { name: 'clinic-handouts', version: '0.1.0' },
    date: '2024-05-01T10:00:00.000Z',
  });

  it('describes this instance: FHIR 4.0.1, JSON, the software and its address', () => {
    expect(statement).toMatchObject({
      resourceType: 'CapabilityStatement',
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      software: { name: 'clinic-handouts', version: '0.1.0' },
      implementation: { url: 'https://portal.example.org/fhir/r4' },
    });
  });

  it('lists exactly the resources, interactions and search parameters served', () => {
    const rest = statement.rest[0];
    expect(rest.mode).toBe('server');
    expect(
      rest.resource.map((r) => [
        r.type,
        r.interaction.map((i) => i.code),
        r.searchParam.map((p) => `${p.name}:${p.type}`),
      ]),
    ).toEqual([
      ['Patient', ['read', 'search-type'], ['identifier:token']],
      [
        'DocumentReference',
        ['read', 'search-type'],
        ['patient:reference', 'subject:reference', 'date:date', 'status:token'],
      ],
    ]);
  });

  it('says how to authenticate: a Bearer API key', () => {
    expect(statement.rest[0].security.description).toContain('Authorization: Bearer <key>');
  });
});
