import {
  HANDOUT_CATEGORY,
  HANDOUT_TYPE,
  PublishedVersionRow,
  toDocumentReference,
} from './document-reference.mapper';

const HANDOUT = '6f1e2d3c-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const row: PublishedVersionRow = {
  versionId: '11111111-2222-4333-8444-555555555555',
  handoutId: HANDOUT,
  number: 2,
  language: 'es',
  title: 'Las primeras 72 horas',
  publishedAt: new Date('2024-05-01T10:00:00.123Z'),
  patientId: '0b9c7e1a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  latestVersion: 3,
  userName: 'Dr Sam Lee',
  keyName: null,
};
const pdf = { sha1: 'qvTGHdzF6KLavt4PO0gs2a6pQ00=', size: 12345 };
const PUBLIC = 'https://portal.example.org';

describe(toDocumentReference.name, () => {
  const doc = toDocumentReference(row, pdf, PUBLIC);

  it('names the version <handoutId>-<number> and its subject by reference', () => {
    expect(doc.id).toBe(`${HANDOUT}-2`);
    expect(doc.subject).toEqual({ reference: `Patient/${row.patientId}` });
    expect(doc.masterIdentifier).toEqual({
      system: 'urn:ietf:rfc:3986',
      value: `urn:uuid:${row.versionId}`,
    });
  });

  it('is superseded unless it is the latest version, and replaces the one before', () => {
    expect(doc.status).toBe('superseded');
    expect(toDocumentReference({ ...row, number: 3 }, pdf, PUBLIC).status).toBe('current');
    expect(doc.relatesTo).toEqual([
      { code: 'replaces', target: { reference: `DocumentReference/${HANDOUT}-1` } },
    ]);
    expect(toDocumentReference({ ...row, number: 1 }, pdf, PUBLIC).relatesTo).toBeUndefined();
  });

  it('attaches the PDF: its absolute route, language, size and SHA-1', () => {
    expect(doc.docStatus).toBe('final');
    expect(doc.date).toBe('2024-05-01T10:00:00.123Z');
    expect(doc.content).toEqual([
      {
        attachment: {
          contentType: 'application/pdf',
          language: 'es',
          url: `${PUBLIC}/api/handouts/${HANDOUT}/versions/2/pdf`,
          size: 12345,
          hash: pdf.sha1,
          title: 'Las primeras 72 horas',
          creation: '2024-05-01T10:00:00.123Z',
        },
      },
    ]);
  });

  it('codes it with LOINC: Instructions, in the Education note category', () => {
    expect(doc.type).toBe(HANDOUT_TYPE);
    expect(HANDOUT_TYPE.coding).toEqual([
      { system: 'http://loinc.org', code: '69730-0', display: 'Instructions' },
    ]);
    expect(doc.category).toEqual([HANDOUT_CATEGORY]);
    expect(HANDOUT_CATEGORY.coding?.[0].code).toBe('34895-3');
  });

  it('names the author without a reference: a practitioner, an API key as a device, or none', () => {
    expect(doc.author).toEqual([{ type: 'Practitioner', display: 'Dr Sam Lee' }]);
    expect(
      toDocumentReference({ ...row, userName: null, keyName: 'EHR' }, pdf, PUBLIC).author,
    ).toEqual([{ type: 'Device', display: 'API key "EHR"' }]);
    expect(toDocumentReference({ ...row, userName: null }, pdf, PUBLIC).author).toBeUndefined();
  });
});
