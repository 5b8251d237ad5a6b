import { NestExpressApplication } from '@nestjs/platform-express';
import { createHash, randomUUID } from 'node:crypto';
import { createApiKey } from '../support/api-keys';
import { createClinic, signIn, SignedIn, TestClinic } from '../support/factories';
import { patientWithHandout, publish, saveDraft } from '../support/handouts';
import { binary } from '../support/pdf';
import { startTestApp } from '../support/test-app';
import { expectFhirJson, expectOutcome } from './fhir-expect';

interface DocumentReference {
  resourceType: 'DocumentReference';
  id: string;
  status: string;
  docStatus: string;
  subject: { reference: string };
  date: string;
  author?: { type?: string; display?: string; reference?: string }[];
  relatesTo?: { code: string; target: { reference: string } }[];
  content: {
    attachment: {
      contentType: string;
      language: string;
      url: string;
      size: number;
      hash: string;
      title: string;
      creation: string;
    };
  }[];
}

interface Bundle {
  total: number;
  link: { relation: string; url: string }[];
  entry?: { fullUrl: string; resource: DocumentReference; search: { mode: string } }[];
}

/**
 * One handout published twice: two DocumentReferences, the first superseded by the second,
 * each with its PDF (two renders in all).
 */
describe('FHIR DocumentReference', () => {
  let app: NestExpressApplication;
  let a: TestClinic;
  let b: TestClinic;
  let asA: SignedIn;
  let asB: SignedIn;
  let patientId: string;
  let handoutId: string;
  const published: string[] = [];
  const publicUrl = 'https://handouts.example.org';
  const pathOf = (url: string) => url.slice(publicUrl.length);
  const ids = () => [`${handoutId}-1`, `${handoutId}-2`];

  beforeAll(async () => {
    app = await startTestApp({ PUBLIC_URL: publicUrl });
    [a, b] = [await createClinic(app), await createClinic(app)];
    [asA, asB] = [await signIn(app, a.clinician), await signIn(app, b.clinician)];
    const { patient, handout } = await patientWithHandout(asA);
    [patientId, handoutId] = [patient.id, handout.id];
    published.push((await publish(asA, handoutId).expect(201)).body.publishedAt);
    await saveDraft(asA, handoutId, {
      title: 'Your first days, revised',
      blocks: handout.draft.blocks,
      revision: 1,
    }).expect(200);
    published.push((await publish(asA, handoutId).expect(201)).body.publishedAt);
  }, 60_000);
  afterAll(() => app.close());

  const search = async (session: SignedIn, query: string) =>
    expectFhirJson(
      await session.agent.get(`/fhir/r4/DocumentReference?${query}`),
    ) as unknown as Bundle;
  const resources = (bundle: Bundle) => (bundle.entry ?? []).map((e) => e.resource);

  it('lists every published version of the patient’s handouts, as valid FHIR R4', async () => {
    const bundle = await search(asA, `patient=Patient/${patientId}`);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    expect(bundle.entry?.map((e) => [e.fullUrl, e.search.mode])).toEqual(
      ids().map((id) => [`${publicUrl}/fhir/r4/DocumentReference/${id}`, 'match']),
    );
    const [first, second] = resources(bundle);
    expect([first.date, second.date]).toEqual(published);
    for (const [doc, title] of [
      [first, 'First 72 hours after a back spasm'],
      [second, 'Your first days, revised'],
    ] as const) {
      expect(doc).toMatchObject({
        docStatus: 'final',
        subject: { reference: `Patient/${patientId}` },
        type: { coding: [{ system: 'http://loinc.org', code: '69730-0' }] },
        category: [{ coding: [{ system: 'http://loinc.org', code: '34895-3' }] }],
        author: [{ type: 'Practitioner', display: 'Test clinician' }],
      });
      expect(doc.author?.[0].reference).toBeUndefined();
      expect(doc.content).toHaveLength(1);
      expect(doc.content[0].attachment).toEqual({
        contentType: 'application/pdf',
        language: 'en',
        url: `${publicUrl}/api/handouts/${handoutId}/versions/${doc.id.slice(-1)}/pdf`,
        size: expect.any(Number),
        hash: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/),
        title,
        creation: doc.date,
      });
    }
    // The subject resolves on this server.
    expectFhirJson(await asA.agent.get(`/fhir/r4/${first.subject.reference}`));
  });

  it('makes version 1 superseded once version 2 is published, which replaces it', async () => {
    const [first, second] = resources(await search(asA, `subject=${patientId}`));
    expect([first.status, second.status]).toEqual(['superseded', 'current']);
    expect(first.relatesTo).toBeUndefined();
    expect(second.relatesTo).toEqual([
      { code: 'replaces', target: { reference: `DocumentReference/${first.id}` } },
    ]);
    // The target exists and is the one before.
    const target = await asA.agent.get(`/fhir/r4/${second.relatesTo![0].target.reference}`);
    expect(expectFhirJson(target)).toEqual(first);
  });

  it('gives each attachment the SHA-1 and size of the very bytes its url answers', async () => {
    for (const doc of resources(await search(asA, `patient=${patientId}`))) {
      const { url, hash, size } = doc.content[0].attachment;
      const pdf = await asA.agent
        .get(pathOf(url))
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      const bytes = pdf.body as Buffer;
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect({ hash, size }).toEqual({
        hash: createHash('sha1').update(bytes).digest('base64'),
        size: bytes.length,
      });
    }
  });

  it('reads each version by <handoutId>-<number>, the same as found', async () => {
    const found = resources(await search(asA, `patient=${patientId}`));
    for (const doc of found) {
      const res = await asA.agent.get(`/fhir/r4/DocumentReference/${doc.id}?_format=json`);
      expect(expectFhirJson(res)).toEqual(doc);
    }
  });

  it('searches by status and by publish date', async () => {
    const current = resources(await search(asA, `patient=${patientId}&status=current`));
    expect(current.map((d) => d.id)).toEqual([ids()[1]]);
    const old = resources(await search(asA, `patient=${patientId}&status=superseded`));
    expect(old.map((d) => d.id)).toEqual([ids()[0]]);
    const since = resources(await search(asA, `patient=${patientId}&date=ge${published[1]}`));
    expect(since.map((d) => d.id)).toEqual([ids()[1]]);
    const before = resources(await search(asA, `patient=${patientId}&date=lt${published[1]}`));
    expect(before.map((d) => d.id)).toEqual([ids()[0]]);
    const day = published[0].slice(0, 10);
    expect((await search(asA, `patient=${patientId}&date=${day}&date=le${day}`)).total).toBe(
      published[1].startsWith(day) ? 2 : 1,
    );
    expect((await search(asA, `patient=${patientId}&date=lt2000`)).total).toBe(0);
    expect((await search(asA, `patient=${patientId}&status=entered-in-error`)).total).toBe(0);
  });

  it('pages with _count=1: next and previous links work', async () => {
    const page1 = await search(asA, `patient=${patientId}&_count=1`);
    expect(page1.total).toBe(2);
    expect(resources(page1).map((d) => d.id)).toEqual([ids()[0]]);
    const next = page1.link.find((l) => l.relation === 'next')!;
    const page2 = expectFhirJson(await asA.agent.get(pathOf(next.url))) as unknown as Bundle;
    expect(resources(page2).map((d) => d.id)).toEqual([ids()[1]]);
    expect(page2.link.map((l) => l.relation)).toEqual(['self', 'previous']);
    const previous = page2.link.find((l) => l.relation === 'previous')!;
    const back = expectFhirJson(await asA.agent.get(pathOf(previous.url))) as unknown as Bundle;
    expect(resources(back).map((d) => d.id)).toEqual([ids()[0]]);
  });

  it('answers another clinic’s version exactly as a missing one, and never lists it', async () => {
    const theirs = await asB.agent.get(`/fhir/r4/DocumentReference/${ids()[0]}`);
    const missing = await asB.agent.get(`/fhir/r4/DocumentReference/${randomUUID()}-1`);
    expectOutcome(theirs, 404, 'not-found', /not found/);
    expect(theirs.body).toEqual(missing.body);
    expectOutcome(
      await asA.agent.get(`/fhir/r4/DocumentReference/${handoutId}-9`),
      404,
      'not-found',
      /not found/,
    );
    expectOutcome(
      await asA.agent.get('/fhir/r4/DocumentReference/x'),
      404,
      'not-found',
      /not found/,
    );
    expect((await search(asB, `patient=${patientId}`)).total).toBe(0);
    expect(JSON.stringify(await search(asB, ''))).not.toContain(handoutId);
  });

  it.each([
    ['date=yesterday', 'date'],
    ['date=2024-02-30', 'date'],
    ['status=draft', 'status'],
    ['patient=Practitioner/1', 'patient'],
    ['subject:Patient=1', 'subject:Patient'],
    ['author=1', 'author'],
    ['_count=x', '_count'],
  ])('answers 400 OperationOutcome naming the parameter: %s', async (query, parameter) => {
    const res = await asA.agent.get(`/fhir/r4/DocumentReference?${query}`);
    expectOutcome(res, 400, 'invalid', new RegExp(`^${parameter}: `));
  });

  it('opens to an API key with handouts:read, within its clinic', async () => {
    const key = await createApiKey(app, await signIn(app, a.admin), ['handouts:read']);
    const res = await key.call('get', `/fhir/r4/DocumentReference?patient=${patientId}`);
    expect((expectFhirJson(res) as unknown as Bundle).total).toBe(2);
    const keyOfB = await createApiKey(app, await signIn(app, b.admin), ['handouts:read']);
    expectOutcome(
      await keyOfB.call('get', `/fhir/r4/DocumentReference/${ids()[1]}`),
      404,
      'not-found',
      /not found/,
    );
  });
});
