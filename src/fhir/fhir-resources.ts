/**
 * The parts of FHIR R4 (4.0.1) this server writes, typed just enough to keep the mappers
 * honest. The official JSON schema checks the real answers in test/fhir/.
 */

export const FHIR_VERSION = '4.0.1';
export const FHIR_JSON = 'application/fhir+json';

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  type?: string;
  display?: string;
}

export interface Identifier {
  use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  type?: CodeableConcept;
  system?: string;
  value?: string;
}

export interface Meta {
  lastUpdated?: string;
}

export interface Patient {
  resourceType: 'Patient';
  id: string;
  meta?: Meta;
  identifier?: Identifier[];
  active?: boolean;
  name?: { text: string }[];
  birthDate?: string;
  communication?: { language: CodeableConcept; preferred?: boolean }[];
}

export interface Attachment {
  contentType?: string;
  language?: string;
  url?: string;
  size?: number;
  hash?: string;
  title?: string;
  creation?: string;
}

export type DocumentReferenceStatus = 'current' | 'superseded' | 'entered-in-error';

export interface DocumentReference {
  resourceType: 'DocumentReference';
  id: string;
  masterIdentifier?: Identifier;
  status: DocumentReferenceStatus;
  docStatus?: 'preliminary' | 'final' | 'amended' | 'entered-in-error';
  type?: CodeableConcept;
  category?: CodeableConcept[];
  subject?: Reference;
  date?: string;
  author?: Reference[];
  description?: string;
  relatesTo?: { code: 'replaces' | 'transforms' | 'signs' | 'appends'; target: Reference }[];
  content: { attachment: Attachment }[];
}

export type Resource = Patient | DocumentReference;

export interface BundleLink {
  relation: 'self' | 'next' | 'previous';
  url: string;
}

export interface SearchsetBundle<R extends Resource = Resource> {
  resourceType: 'Bundle';
  type: 'searchset';
  total: number;
  link: BundleLink[];
  entry?: { fullUrl: string; resource: R; search: { mode: 'match' } }[];
}
