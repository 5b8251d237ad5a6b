/** Where FHIR lives under the public address, and how our records are named there. */
export const FHIR_PATH = '/fhir/r4';

export function fhirBase(publicUrl: string): string {
  return `${publicUrl}${FHIR_PATH}`;
}

/**
 * The identifier system of one clinic's medical record numbers. A URN, not a URL under
 * PUBLIC_URL, so it stays the same when the portal moves to another address.
 */
export function mrnSystem(clinicId: string): string {
  return `urn:clinic-handouts:clinic:${clinicId}:mrn`;
}

/** A published version's DocumentReference id: `<handoutId>-<version number>`. */
export function documentReferenceId(handoutId: string, number: number): string {
  return `${handoutId}-${number}`;
}

const DOCUMENT_REFERENCE_ID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([1-9][0-9]{0,8})$/i;

/** The handout and version a DocumentReference id names, or null when it names nothing. */
export function parseDocumentReferenceId(id: string): { handoutId: string; number: number } | null {
  const match = DOCUMENT_REFERENCE_ID.exec(id);
  return match ? { handoutId: match[1].toLowerCase(), number: Number(match[2]) } : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
