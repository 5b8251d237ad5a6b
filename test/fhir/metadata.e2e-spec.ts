import { Controller, Get, Module } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { Public } from '../../src/common/public.decorator';
import { createApiKey } from '../support/api-keys';
import { createClinic, signIn, TestClinic } from '../support/factories';
import { startTestApp } from '../support/test-app';
import { expectFhirJson, expectOutcome } from './fhir-expect';

const SENTINEL = 'Sentinel-Internal-Qx81';

/** A FHIR route that fails inside, as a bug would. */
@Public()
@Controller('fhir/r4/test-failure')
class FailingController {
  @Get()
  fail() {
    throw new Error(`database said ${SENTINEL}`);
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

describe('FHIR: the CapabilityStatement and errors as OperationOutcome', () => {
  let app: NestExpressApplication;
  let a: TestClinic;
  const publicUrl = 'https://handouts.example.org';
  const logLines: string[] = [];

  beforeAll(async () => {
    app = await startTestApp(
      { PUBLIC_URL: publicUrl, API_KEY_REQUESTS_PER_MINUTE: '3', LOG_LEVEL: 'info' },
      [FailingModule],
      { logLines },
    );
    a = await createClinic(app);
  });
  afterAll(() => app.close());

  const server = () => app.getHttpServer();

  it('states what is served, to anyone, as valid FHIR R4', async () => {
    const res = await request(server()).get('/fhir/r4/metadata');
    const statement = expectFhirJson(res) as {
      date: string;
      rest: { security: { description: string }; resource: { type: string }[] }[];
    };
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(statement).toMatchObject({
      resourceType: 'CapabilityStatement',
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      software: { name: pkg.name, version: pkg.version },
      implementation: { url: `${publicUrl}/fhir/r4` },
    });
    expect(Date.parse(statement.date)).not.toBeNaN();
    expect(statement.rest[0].security.description).toContain('Authorization: Bearer <key>');
    expect(statement.rest[0].resource.map((r) => r.type)).toEqual(['Patient', 'DocumentReference']);
  });

  it('serves JSON for _format=json and Accept: application/json, 406 for XML', async () => {
    expectFhirJson(await request(server()).get('/fhir/r4/metadata?_format=json'));
    expectFhirJson(
      await request(server()).get('/fhir/r4/metadata').set('Accept', 'application/json'),
    );
    expectOutcome(
      await request(server()).get('/fhir/r4/metadata?_format=xml'),
      406,
      'not-supported',
      /_format/,
    );
    expectOutcome(
      await request(server()).get('/fhir/r4/metadata').set('Accept', 'application/fhir+xml'),
      406,
      'not-supported',
      /Accept/,
    );
  });

  it('answers 400 naming an unknown parameter', async () => {
    expectOutcome(
      await request(server()).get('/fhir/r4/metadata?mode=full'),
      400,
      'invalid',
      /^mode: is not a parameter/,
    );
  });

  it('answers 404 for what is not served, without echoing the query', async () => {
    const res = await request(server()).get('/fhir/r4/Observation?patient=MRN-SECRET');
    expectOutcome(res, 404, 'not-found', 'No such FHIR interaction: GET /fhir/r4/Observation');
    expect(res.text).not.toContain('MRN-SECRET');
  });

  it('answers 401 when not signed in, on every route but metadata', async () => {
    for (const path of [
      '/fhir/r4/Patient?identifier=1',
      '/fhir/r4/Patient/0b9c7e1a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      '/fhir/r4/DocumentReference',
      '/fhir/r4/DocumentReference/0b9c7e1a-3c4d-4e5f-8a9b-0c1d2e3f4a5b-1',
    ]) {
      const res = await request(server()).get(path);
      expectOutcome(res, 401, 'login', /Sign in/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('answers 403 to a role or a key scope that does not reach the route', async () => {
    const editor = await signIn(app, a.editor);
    expectOutcome(
      await editor.agent.get('/fhir/r4/DocumentReference'),
      403,
      'forbidden',
      /clinician/,
    );
    const key = await createApiKey(app, await signIn(app, a.admin), ['patients:read']);
    expectOutcome(
      await key.call('get', '/fhir/r4/DocumentReference'),
      403,
      'forbidden',
      /handouts:read/,
    );
    expectOutcome(
      await request(server())
        .get('/fhir/r4/Patient?identifier=1')
        .set('Authorization', 'Bearer chk_unknown'),
      401,
      'login',
      /Unknown API key/,
    );
  });

  it('answers 429 when a key goes past its rate, with Retry-After', async () => {
    const key = await createApiKey(app, await signIn(app, a.admin), ['patients:read']);
    let last;
    for (let i = 0; i < 4; i++) last = await key.call('get', '/fhir/r4/Patient?identifier=x');
    expectOutcome(last!, 429, 'throttled', /Too many requests/);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 500 with only a request id; the details go to the log', async () => {
    const res = await request(server()).get('/fhir/r4/test-failure');
    expectOutcome(res, 500, 'exception', new RegExp(`request id ${res.headers['x-request-id']}`));
    expect(res.text).not.toContain(SENTINEL);
    expect(logLines.some((l) => l.includes('unhandled error'))).toBe(true);
  });
});
