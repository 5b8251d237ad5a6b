import { BadRequestException } from '@nestjs/common';
import { queryPairs } from './fhir-query';
import {
  assertReadParams,
  parseDocumentSearch,
  parsePatientSearch,
  splitUnescaped,
} from './search-params';

const SYSTEM = 'urn:clinic-handouts:clinic:c1:mrn';
const BASE = 'https://portal.example.org/fhir/r4';
const PATIENT = '0b9c7e1a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

/** The 400's messages, or [] when `run` does not throw. */
function refusal(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { message: string[] }).message;
  }
}

describe('FHIR search parameters', () => {
  describe(parsePatientSearch.name, () => {
    it('takes a plain MRN, or one with this clinic’s system, with commas for alternatives', () => {
      expect(parsePatientSearch(queryPairs('identifier=MRN-1'), SYSTEM).mrns).toEqual(['MRN-1']);
      expect(
        parsePatientSearch(queryPairs(`identifier=${encodeURIComponent(`${SYSTEM}|A`)},B`), SYSTEM)
          .mrns,
      ).toEqual(['A', 'B']);
      expect(parsePatientSearch(queryPairs('identifier=A\\,B'), SYSTEM).mrns).toEqual(['A,B']);
    });

    it('matches nothing for another system, or for no system at all', () => {
      expect(parsePatientSearch(queryPairs('identifier=urn:other|A'), SYSTEM).mrns).toEqual([]);
      expect(parsePatientSearch(queryPairs('identifier=|A'), SYSTEM).mrns).toEqual([]);
    });

    it('reads repeated identifiers as AND', () => {
      expect(parsePatientSearch(queryPairs('identifier=A,B&identifier=B'), SYSTEM).mrns).toEqual([
        'B',
      ]);
    });

    it('pages 20 by default, at most 100, from _offset', () => {
      expect(parsePatientSearch(queryPairs('identifier=A'), SYSTEM).page).toEqual({
        count: 20,
        offset: 0,
      });
      expect(
        parsePatientSearch(queryPairs('identifier=A&_count=500&_offset=40'), SYSTEM).page,
      ).toEqual({ count: 100, offset: 40 });
    });

    it.each([
      ['', 'identifier: required'],
      ['identifier=', 'identifier: required'],
      ['name=Maria', 'name: is not a parameter of Patient'],
      ['identifier:exact=A', 'identifier:exact: the modifier :exact is not supported'],
      ['identifier=a|b|c', 'identifier: has more than one |'],
      [`identifier=${encodeURIComponent(SYSTEM)}|`, 'identifier: needs a value'],
      ['identifier=A&_count=ten', '_count: must be a whole number'],
      ['identifier=A&_count=1&_count=2', '_count: may be given once'],
      ['identifier=A&_offset=-1', '_offset: must be a whole number'],
      ['identifier=A&_offset=100001', '_offset: must be a whole number'],
      ['identifier=%E0%A4%A', 'identifier: is not valid percent-encoding'],
      [`identifier=${'a,'.repeat(100)}a`, 'identifier: takes at most 100 alternatives'],
    ])('refuses %j, naming the parameter', (query, message) => {
      expect(refusal(() => parsePatientSearch(queryPairs(query), SYSTEM))[0]).toContain(message);
    });

    it('never quotes the value back', () => {
      const messages = refusal(() =>
        parsePatientSearch(queryPairs('identifier=a|b|SECRET'), SYSTEM),
      );
      expect(messages.join(' ')).not.toContain('SECRET');
    });
  });

  describe(parseDocumentSearch.name, () => {
    it('reads patient and subject as Patient/<id>, <id> or the absolute address', () => {
      const search = parseDocumentSearch(
        queryPairs(
          `patient=Patient/${PATIENT}&subject=${encodeURIComponent(`${BASE}/Patient/${PATIENT.toUpperCase()}`)}`,
        ),
        BASE,
      );
      expect(search.patientIds).toEqual([[PATIENT], [PATIENT]]);
      expect(parseDocumentSearch(queryPairs(`subject=${PATIENT}`), BASE).patientIds).toEqual([
        [PATIENT],
      ]);
    });

    it('lets an id that cannot be ours, or another server’s patient, match nothing', () => {
      expect(parseDocumentSearch(queryPairs('patient=abc'), BASE).patientIds).toEqual([[]]);
      expect(
        parseDocumentSearch(queryPairs('patient=https://other.example/fhir/Patient/1'), BASE)
          .patientIds,
      ).toEqual([[]]);
    });

    it('reads status as OR within, AND across, with or without its system', () => {
      expect(parseDocumentSearch(queryPairs('status=current,superseded'), BASE).statuses).toEqual([
        'current',
        'superseded',
      ]);
      expect(
        parseDocumentSearch(
          queryPairs('status=http://hl7.org/fhir/document-reference-status|current'),
          BASE,
        ).statuses,
      ).toEqual(['current']);
      expect(parseDocumentSearch(queryPairs(''), BASE).statuses).toBeUndefined();
    });

    it.each([
      ['patient=Practitioner/1', 'patient: must name a Patient'],
      ['subject=a/b/c', 'subject: must be Patient/<id> or <id>'],
      ['patient=Patient/not%20an%20id', 'patient: is not a valid resource id'],
      ['status=draft', 'status: must be current, superseded or entered-in-error'],
      ['date=yesterday', 'date: the prefix ye is not supported'],
      ['date=2024-13-01', 'date: has no such month'],
      ['date=sa2024', 'date: the prefix sa is not supported'],
      ['date=2024-01-01,2024-02-01', 'date: takes one value'],
      ['author=x', 'author: is not a parameter of DocumentReference'],
      ['_sort=date', '_sort: is not a parameter of DocumentReference'],
    ])('refuses %j, naming the parameter', (query, message) => {
      expect(refusal(() => parseDocumentSearch(queryPairs(query), BASE))[0]).toContain(message);
    });
  });

  describe(assertReadParams.name, () => {
    it('takes _format and nothing else', () => {
      expect(refusal(() => assertReadParams(queryPairs('_format=json'), 'a read'))).toEqual([]);
      expect(refusal(() => assertReadParams(queryPairs('_count=1'), 'a read'))[0]).toContain(
        '_count: is not a parameter of a read',
      );
    });
  });

  describe(splitUnescaped.name, () => {
    it('splits where the separator is not escaped', () => {
      expect(splitUnescaped('a\\,b,c', ',')).toEqual(['a\\,b', 'c']);
      expect(splitUnescaped('s|v', '|')).toEqual(['s', 'v']);
    });
  });

  describe(queryPairs.name, () => {
    it('keeps order and repeats, decodes escapes, and leaves + as +', () => {
      expect(queryPairs('date=ge2024-01-01T00:00:00+01:00&date=lt2025&x=%7C')).toEqual([
        ['date', 'ge2024-01-01T00:00:00+01:00'],
        ['date', 'lt2025'],
        ['x', '|'],
      ]);
    });
  });
});
