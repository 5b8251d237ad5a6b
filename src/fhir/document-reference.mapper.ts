import type { PdfDigest } from '../handouts/handout-pdf.service';
import { documentReferenceId } from './fhir-ids';
import { CodeableConcept, DocumentReference, Reference } from './fhir-resources';

/** One published version as the FHIR service reads it (clinic-scoped, joined with its handout). */
export interface PublishedVersionRow {
  versionId: string;
  handoutId: string;
  number: number;
  language: string;
  title: string;
  publishedAt: Date;
  patientId: string;
  /** The handout's latest published version number. */
  latestVersion: number;
  /** Who published it: a user of the clinic, or else an API key of the clinic. */
  userName: string | null;
  keyName: string | null;
}

/**
 * LOINC 69730-0 "Instructions": the document records instructions given to the patient
 * (activities, medicines, warning signs, follow-up), which is what a handout is.
 */
export const HANDOUT_TYPE: CodeableConcept = {
  coding: [{ system: 'http://loinc.org', code: '69730-0', display: 'Instructions' }],
  text: 'Patient instructions',
};

/** LOINC 34895-3 "Education note": patient education, for clients that index by category. */
export const HANDOUT_CATEGORY: CodeableConcept = {
  coding: [{ system: 'http://loinc.org', code: '34895-3', display: 'Education note' }],
  text: 'Patient education',
};

/** The PDF route of a version, absolute: what `content[0].attachment.url` points at. */
export function versionPdfUrl(publicUrl: string, handoutId: string, number: number): string {
  return `${publicUrl}/api/handouts/${handoutId}/versions/${number}/pdf`;
}

/**
 * A published version as a DocumentReference: current while it is the handout's latest,
 * superseded after, each later one replacing the one before; the PDF as the attachment.
 */
export function toDocumentReference(
  row: PublishedVersionRow,
  pdf: PdfDigest,
  publicUrl: string,
): DocumentReference {
  const published = row.publishedAt.toISOString();
  const author = authorOf(row);
  return {
    resourceType: 'DocumentReference',
    id: documentReferenceId(row.handoutId, row.number),
    masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${row.versionId}` },
    status: row.number === row.latestVersion ? 'current' : 'superseded',
    docStatus: 'final',
    type: HANDOUT_TYPE,
    category: [HANDOUT_CATEGORY],
    subject: { reference: `Patient/${row.patientId}` },
    date: published,
    ...(author ? { author: [author] } : {}),
    description: row.title,
    ...(row.number > 1
      ? {
          relatesTo: [
            {
              code: 'replaces',
              target: {
                reference: `DocumentReference/${documentReferenceId(row.handoutId, row.number - 1)}`,
              },
            },
          ],
        }
      : {}),
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          language: row.language,
          url: versionPdfUrl(publicUrl, row.handoutId, row.number),
          size: pdf.size,
          hash: pdf.sha1,
          title: row.title,
          creation: published,
        },
      },
    ],
  };
}

/** No Practitioner or Device is served: the author is named, never referenced. */
function authorOf(row: PublishedVersionRow): Reference | undefined {
  if (row.userName) return { type: 'Practitioner', display: row.userName };
  if (row.keyName) return { type: 'Device', display: `API key "${row.keyName}"` };
  return undefined;
}
