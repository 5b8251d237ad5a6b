import { isUuid } from './fhir-ids';
import { DateCondition, parseDateCondition } from './date-search';
import { invalid, QueryPairs, shortName } from './fhir-query';
import { DocumentReferenceStatus } from './fhir-resources';

/**
 * FHIR search parameters, parsed strictly: an unknown parameter, a modifier or a malformed
 * value answers 400 naming the parameter (never quoting its value, which may be an MRN).
 * Repeating a parameter means AND; commas inside one value mean OR.
 */

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
export const MAX_OFFSET = 100_000;

export interface Page {
  count: number;
  offset: number;
}

export interface SearchParamDefinition {
  name: string;
  type: 'token' | 'reference' | 'date';
  /** The FHIR R4 SearchParameter it implements. */
  definition: string;
  documentation: string;
}

const SEARCH_PARAMETER = 'http://hl7.org/fhir/SearchParameter';

export const PATIENT_SEARCH_PARAMS: readonly SearchParamDefinition[] = [
  {
    name: 'identifier',
    type: 'token',
    definition: `${SEARCH_PARAMETER}/Patient-identifier`,
    documentation:
      'Required. The medical record number: `<mrn>` or `<system>|<mrn>`, the system being ' +
      '`urn:clinic-handouts:clinic:<clinicId>:mrn`.',
  },
];

export const DOCUMENT_SEARCH_PARAMS: readonly SearchParamDefinition[] = [
  {
    name: 'patient',
    type: 'reference',
    definition: `${SEARCH_PARAMETER}/clinical-patient`,
    documentation: 'The patient the handout is for: `Patient/<id>` or `<id>`.',
  },
  {
    name: 'subject',
    type: 'reference',
    definition: `${SEARCH_PARAMETER}/DocumentReference-subject`,
    documentation: 'The same as `patient`.',
  },
  {
    name: 'date',
    type: 'date',
    definition: `${SEARCH_PARAMETER}/DocumentReference-date`,
    documentation:
      'When the version was published, with the prefixes eq (default), gt, ge, lt and le; a ' +
      'date without a time is a UTC day. Repeat it for a range.',
  },
  {
    name: 'status',
    type: 'token',
    definition: `${SEARCH_PARAMETER}/DocumentReference-status`,
    documentation:
      '`current` (the latest published version of its handout) or `superseded` (an older one).',
  },
];

/** The control parameters every search takes, besides its own. */
export const RESULT_PARAMS = ['_count', '_offset', '_format'] as const;

/** A read takes no parameter but `_format`. */
export function assertReadParams(pairs: QueryPairs, what: string): void {
  collect(pairs, what, ['_format']);
}

export interface PatientSearch {
  /** MRNs any of which matches; empty when nothing can match (a foreign identifier system). */
  mrns: string[];
  page: Page;
}

export function parsePatientSearch(pairs: QueryPairs, clinicMrnSystem: string): PatientSearch {
  const values = collect(pairs, 'Patient', searchNames(PATIENT_SEARCH_PARAMS));
  const identifiers = values.get('identifier');
  if (!identifiers)
    throw invalid(
      'identifier',
      'required: search patients by medical record number, as identifier=<mrn> or identifier=<system>|<mrn>',
    );
  const mrns = identifiers
    .map((value) => identifierAlternatives(value, clinicMrnSystem))
    .reduce((all, next) => all.filter((mrn) => next.includes(mrn)));
  return { mrns: [...new Set(mrns)], page: readPage(values) };
}

function identifierAlternatives(value: string, clinicMrnSystem: string): string[] {
  return alternatives('identifier', value).flatMap((token) => {
    const parts = splitUnescaped(token, '|').map(unescapeToken);
    if (parts.length > 2)
      throw invalid('identifier', 'has more than one | between system and value');
    const [system, mrn] = parts.length === 2 ? parts : [undefined, parts[0]];
    if (mrn === '') throw invalid('identifier', 'needs a value after the |');
    // Our identifiers always carry this clinic's system: any other system matches nothing.
    return system === undefined || system === clinicMrnSystem ? [mrn] : [];
  });
}

export interface DocumentSearch {
  /** Each inner list is one patient/subject parameter: the handout's patient is in every list. */
  patientIds: string[][];
  dates: DateCondition[];
  /** Undefined: any status. */
  statuses: DocumentReferenceStatus[] | undefined;
  page: Page;
}

export function parseDocumentSearch(pairs: QueryPairs, fhirBaseUrl: string): DocumentSearch {
  const values = collect(pairs, 'DocumentReference', searchNames(DOCUMENT_SEARCH_PARAMS));
  const patientIds = (['patient', 'subject'] as const).flatMap((name) =>
    (values.get(name) ?? []).map((value) =>
      alternatives(name, value).flatMap((ref) => {
        const id = patientIdOf(name, unescapeToken(ref), fhirBaseUrl);
        return id ? [id] : [];
      }),
    ),
  );
  const dates = (values.get('date') ?? []).map((value) => parseDateCondition('date', value));
  const statusValues = values.get('status');
  const statuses = statusValues
    ?.map(statusAlternatives)
    .reduce((all, next) => all.filter((s) => next.includes(s)));
  return { patientIds, dates, statuses, page: readPage(values) };
}

const STATUS_SYSTEM = 'http://hl7.org/fhir/document-reference-status';
const STATUSES: readonly DocumentReferenceStatus[] = ['current', 'superseded', 'entered-in-error'];

function statusAlternatives(value: string): DocumentReferenceStatus[] {
  return alternatives('status', value).map((token) => {
    const parts = splitUnescaped(token, '|').map(unescapeToken);
    const code = parts.length === 2 && parts[0] === STATUS_SYSTEM ? parts[1] : parts.join('|');
    const status = STATUSES.find((s) => s === code);
    if (!status) throw invalid('status', 'must be current, superseded or entered-in-error');
    return status;
  });
}

const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;

/** The patient id a reference names here; null when it can name none of our patients. */
function patientIdOf(name: string, reference: string, fhirBaseUrl: string): string | null {
  let ref = reference;
  if (ref.startsWith(`${fhirBaseUrl}/`)) ref = ref.slice(fhirBaseUrl.length + 1);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return null; // another server's patient
  const parts = ref.split('/');
  if (parts.length === 2 && parts[0] !== 'Patient')
    throw invalid(name, 'must name a Patient (Patient/<id> or <id>)');
  if (parts.length > 2) throw invalid(name, 'must be Patient/<id> or <id>');
  const id = parts[parts.length - 1];
  if (!FHIR_ID.test(id)) throw invalid(name, 'is not a valid resource id');
  return isUuid(id) ? id.toLowerCase() : null;
}

/** `_count` (default 20, larger than 100 is served as 100) and `_offset` (from 0). */
function readPage(values: Map<string, string[]>): Page {
  const count = single(values, '_count');
  const offset = single(values, '_offset');
  if (count !== undefined && !/^\d{1,6}$/.test(count))
    throw invalid('_count', 'must be a whole number (at most 100 are served)');
  if (offset !== undefined && (!/^\d{1,6}$/.test(offset) || Number(offset) > MAX_OFFSET))
    throw invalid('_offset', `must be a whole number from 0 to ${MAX_OFFSET}`);
  return {
    count: Math.min(count === undefined ? DEFAULT_COUNT : Number(count), MAX_COUNT),
    offset: offset === undefined ? 0 : Number(offset),
  };
}

function single(values: Map<string, string[]>, name: string): string | undefined {
  const given = values.get(name);
  if (given && given.length > 1) throw invalid(name, 'may be given once');
  return given?.[0];
}

function searchNames(params: readonly SearchParamDefinition[]): string[] {
  return [...params.map((p) => p.name), ...RESULT_PARAMS];
}

/** The non-empty values of each parameter (FHIR ignores empty ones); unknown names refused. */
function collect(
  pairs: QueryPairs,
  what: string,
  allowed: readonly string[],
): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    if (!allowed.includes(name)) {
      const [base, modifier] = name.split(':', 2);
      throw invalid(
        name,
        modifier !== undefined && allowed.includes(base)
          ? `the modifier :${shortName(modifier)} is not supported`
          : `is not a parameter of ${what} here (supported: ${allowed.join(', ')})`,
      );
    }
    if (value === '') continue;
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return values;
}

export const MAX_ALTERNATIVES = 100;

/** The comma-separated alternatives of one value (OR), at most 100. */
function alternatives(name: string, value: string): string[] {
  const all = splitUnescaped(value, ',');
  if (all.length > MAX_ALTERNATIVES)
    throw invalid(name, `takes at most ${MAX_ALTERNATIVES} alternatives`);
  return all;
}

/** Splits on `separator` where it is not escaped with a backslash (FHIR's `\,` and `\|`). */
export function splitUnescaped(value: string, separator: ',' | '|'): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      current += c + value[i + 1];
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unescapeToken(value: string): string {
  return value.replace(/\\([\\,|$])/g, '$1');
}
