import { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApiKey } from '../support/api-keys';
import { createClinic, signIn, SignedIn, TestClinic, unique } from '../support/factories';
import { startTestApp } from '../support/test-app';
import { expectFhirJson, expectOutcome } from './fhir-expect';

interface Bundle {
  total: number;
  link: { relation: string; url: string }[];
  entry?: { fullUrl: string; resource: { id: string }; search: { mode: string } }[];
}

describe('FHIR Patient', () => {
  let app: NestExpressApplication;
  let a: TestClinic;
  let b: TestClinic;
  let asA: SignedIn;
  let asB: SignedIn;
  const publicUrl = 'https://handouts.example.org';
  const logLines: string[] = [];
  const name = `Fhir Patient ${unique()}`;
  const mrn = `MRN-${unique()}`;
  const patients: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ PUBLIC_URL: publicUrl, LOG_LEVEL: 'info' }, [], { logLines });
    [a, b] = [await createClinic(app), await createClinic(app)];
    [asA, asB] = [await signIn(app, a.clinician), await signIn(app, b.clinician)];
    for (const [suffix, language] of [
      ['', 'es'],
      ['-2', 'en'],
    ]) {
      const res = await asA.agent
        .post('/api/patients')
        .set('X-CSRF-Token', asA.csrfToken)
        .send({ displayName: name, dateOfBirth: '1968-03-14', mrn: `${mrn}${suffix}`, language })
        .expect(201);
      patients.push(res.body.id);
    }
  });
  afterAll(() => app.close());

  const system = () => `urn:clinic-handouts:clinic:${a.clinic.id}:mrn`;
  /** A link of a Bundle, as a path this app answers (links carry PUBLIC_URL). */
  const pathOf = (url: string) => url.slice(publicUrl.length);

  it('reads a patient: MRN with the clinic’s system, name as text, birth date, language', async () => {
    const res = await asA.agent.get(`/fhir/r4/Patient/${patients[0]}`);
    expect(expectFhirJson(res)).toEqual({
      resourceType: 'Patient',
      id: patients[0],
      meta: { lastUpdated: expect.any(String) },
      identifier: [
        expect.objectContaining({ system: system(), value: mrn, type: expect.any(Object) }),
      ],
      active: true,
      name: [{ text: name }],
      birthDate: '1968-03-14',
      communication: [
        {
          language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es', display: 'Spanish' }] },
          preferred: true,
        },
      ],
    });
  });

  it('finds a patient by MRN, plain or with the system, as a searchset Bundle', async () => {
    for (const identifier of [mrn, `${system()}|${mrn}`]) {
      const res = await asA.agent
        .get('/fhir/r4/Patient')
        .query({ identifier })
        .set('Accept', 'application/fhir+json');
      const bundle = expectFhirJson(res) as unknown as Bundle;
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
      expect(bundle.entry).toEqual([
        {
          fullUrl: `${publicUrl}/fhir/r4/Patient/${patients[0]}`,
          resource: expect.objectContaining({ id: patients[0] }),
          search: { mode: 'match' },
        },
      ]);
    }
  });

  it('finds nothing under another clinic’s system or in another clinic', async () => {
    const otherSystem = `urn:clinic-handouts:clinic:${b.clinic.id}:mrn`;
    const foreign = await asA.agent
      .get('/fhir/r4/Patient')
      .query({ identifier: `${otherSystem}|${mrn}` });
    expect(expectFhirJson(foreign)).toMatchObject({ total: 0 });
    const fromB = await asB.agent.get('/fhir/r4/Patient').query({ identifier: mrn });
    expect(expectFhirJson(fromB)).toMatchObject({ total: 0 });
  });

  it('answers another clinic’s patient exactly as a missing one: 404 OperationOutcome', async () => {
    const theirs = await asB.agent.get(`/fhir/r4/Patient/${patients[0]}`);
    const missing = await asB.agent.get(`/fhir/r4/Patient/${randomUUID()}`);
    expectOutcome(theirs, 404, 'not-found', /not found/);
    expect(theirs.body).toEqual(missing.body);
    expect(theirs.text).not.toContain(name);
    expectOutcome(
      await asA.agent.get('/fhir/r4/Patient/not-a-uuid'),
      404,
      'not-found',
      /Not found/,
    );
  });

  it('pages with _count and _offset, and its next and previous links work', async () => {
    const first = await asA.agent
      .get('/fhir/r4/Patient')
      .query({ identifier: `${mrn},${mrn}-2`, _count: 1 });
    const page1 = expectFhirJson(first) as unknown as Bundle;
    expect(page1.total).toBe(2);
    expect(page1.entry?.map((e) => e.resource.id)).toEqual([patients[0]]);
    const next = page1.link.find((l) => l.relation === 'next')!;
    expect(next.url).toMatch(/_count=1&_offset=1$/);
    expect(page1.link.find((l) => l.relation === 'previous')).toBeUndefined();

    const page2 = expectFhirJson(await asA.agent.get(pathOf(next.url))) as unknown as Bundle;
    expect(page2.entry?.map((e) => e.resource.id)).toEqual([patients[1]]);
    expect(page2.link.find((l) => l.relation === 'next')).toBeUndefined();
    const previous = page2.link.find((l) => l.relation === 'previous')!;
    const back = expectFhirJson(await asA.agent.get(pathOf(previous.url))) as unknown as Bundle;
    expect(back.entry?.map((e) => e.resource.id)).toEqual([patients[0]]);
  });

  it.each([
    ['', 'identifier'],
    ['name=Maria', 'name'],
    ['identifier:exact=1', 'identifier:exact'],
    ['identifier=1&_count=many', '_count'],
    ['identifier=1&_offset=-2', '_offset'],
  ])('answers 400 OperationOutcome naming the parameter: %s', async (query, parameter) => {
    const res = await asA.agent.get(`/fhir/r4/Patient?${query}`);
    expectOutcome(res, 400, 'invalid', new RegExp(`^${parameter}: `));
  });

  it('opens to an API key with patients:read', async () => {
    const key = await createApiKey(app, await signIn(app, a.admin), ['patients:read']);
    const res = await key.call('get', `/fhir/r4/Patient/${patients[1]}`);
    expect(expectFhirJson(res)).toMatchObject({ id: patients[1] });
    const otherKey = await createApiKey(app, await signIn(app, b.admin), ['patients:read']);
    expectOutcome(
      await otherKey.call('get', `/fhir/r4/Patient/${patients[1]}`),
      404,
      'not-found',
      /not found/,
    );
  });

  it('never writes the patient’s name, birth date or MRN to the log', async () => {
    await request(app.getHttpServer()).get(`/fhir/r4/Patient?identifier=${mrn}`);
    await asA.agent.get(`/fhir/r4/Patient?identifier=${mrn}&bad=1`);
    const log = logLines.join('\n');
    expect(log).toContain('/fhir/r4/Patient');
    for (const secret of [name, mrn, '1968-03-14']) expect(log).not.toContain(secret);
  });
});
