import { Response } from 'supertest';
import { expectValidFhir } from './fhir-schema';

/** A FHIR JSON answer: the media type, no caching, and a body valid against the R4 schema. */
export function expectFhirJson(res: Response, status = 200): Record<string, unknown> {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status,
    type: 'application/fhir+json; charset=utf-8',
  });
  expect(res.headers['cache-control']).toBe('no-store');
  expectValidFhir(res.body);
  return res.body;
}

/** An OperationOutcome error: the status, the issue code, and what its diagnostics say. */
export function expectOutcome(
  res: Response,
  status: number,
  code: string,
  diagnostics: RegExp | string,
): void {
  const body = expectFhirJson(res, status);
  expect(body.resourceType).toBe('OperationOutcome');
  const issues = body.issue as { severity: string; code: string; diagnostics: string }[];
  expect(issues.map((i) => [i.severity, i.code])).toContainEqual(['error', code]);
  expect(issues.map((i) => i.diagnostics).join(' | ')).toMatch(diagnostics);
}
