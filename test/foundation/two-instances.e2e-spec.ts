import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { PdfRenderer } from '../../src/rendering/pdf-renderer.service';
import { createClinic, PASSWORD, randomAddress, TestClinic } from '../support/factories';
import { listeningUrl, startTestApp } from '../support/test-app';

/** A browser's session as cookies and a CSRF token, usable against either instance. */
interface Session {
  cookie: string;
  csrfToken: string;
}

/**
 * Two instances of the app on one PostgreSQL, as behind a load balancer: whatever must agree
 * is kept in the database, and this proves it with real requests to both.
 */
describe('two app instances on one database', () => {
  const PORTAL_LIMIT = 30;
  let a: NestExpressApplication;
  let b: NestExpressApplication;
  let urlA: string;
  let urlB: string;
  let clinic: TestClinic;

  beforeAll(async () => {
    const settings = { PORTAL_REQUESTS_PER_MINUTE: String(PORTAL_LIMIT) };
    [a, b] = await Promise.all([startTestApp(settings), startTestApp(settings)]);
    [urlA, urlB] = await Promise.all([listeningUrl(a), listeningUrl(b)]);
    clinic = await createClinic(a);
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  const call = async (
    base: string,
    method: string,
    path: string,
    options: {
      session?: Session;
      body?: unknown;
      ip?: string;
      cookie?: string;
      form?: object;
    } = {},
  ) => {
    const headers: Record<string, string> = { 'X-Forwarded-For': options.ip ?? randomAddress() };
    const cookies = [options.session?.cookie, options.cookie].filter(Boolean).join('; ');
    if (cookies) headers.Cookie = cookies;
    if (options.session) headers['X-CSRF-Token'] = options.session.csrfToken;
    let body: string | undefined;
    if (options.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form as Record<string, string>).toString();
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    return fetch(base + path, { method, headers, body, redirect: 'manual' });
  };
  const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

  async function signInOn(base: string, email: string): Promise<Session> {
    const res = await call(base, 'POST', '/api/auth/login', {
      body: { email, password: PASSWORD },
    });
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { cookie, csrfToken: (await json(res)).csrfToken as string };
  }

  async function publishedHandout(session: Session, base = urlA) {
    const patient = await json(
      await call(base, 'POST', '/api/patients', {
        session,
        body: { displayName: 'Two I.', dateOfBirth: '1968-03-14' },
      }),
    );
    const handout = await json(
      await call(base, 'POST', `/api/patients/${patient.id}/handouts`, {
        session,
        body: { templateKey: 'first-72-hours' },
      }),
    );
    const published = await call(base, 'POST', `/api/handouts/${handout.id}/publish`, { session });
    expect(published.status).toBe(201);
    return handout.id as string;
  }

  it('signs in on A and works on B; signs out on B and A refuses the cookie at once', async () => {
    const session = await signInOn(urlA, clinic.clinician.email);
    expect((await call(urlB, 'GET', '/api/patients', { session })).status).toBe(200);
    const created = await call(urlB, 'POST', '/api/patients', {
      session,
      body: { displayName: 'Made on B', dateOfBirth: '1970-01-01' },
    });
    expect(created.status).toBe(201);
    expect((await call(urlB, 'POST', '/api/auth/logout', { session })).status).toBe(204);
    expect((await call(urlA, 'GET', '/api/patients', { session })).status).toBe(401);
  });

  it('holds on B a date-of-birth lock reached on A', async () => {
    const session = await signInOn(urlA, clinic.clinician.email);
    const handoutId = await publishedHandout(session);
    const link = await json(
      await call(urlA, 'POST', `/api/handouts/${handoutId}/links`, {
        session,
        body: { requireDateOfBirth: true },
      }),
    );
    const token = String(link.url).split('/p/')[1];
    const cookie = `pl_${link.id}=${token}`;
    const answer = (base: string, dateOfBirth: string) =>
      call(base, 'POST', `/p/s/${link.id}/dob`, { cookie, form: { dateOfBirth } });
    for (let i = 0; i < 4; i++) expect((await answer(urlA, '1970-01-01')).status).toBe(401);
    expect((await answer(urlA, '1970-01-02')).status).toBe(410);
    // The right answer, on the other instance, is refused while the lock lasts.
    const onB = await answer(urlB, '1968-03-14');
    expect(onB.status).toBe(410);
    expect(await onB.text()).toContain('paused for 15 minutes');
  });

  it('counts the portal rate limit across both', async () => {
    const ip = randomAddress();
    // A page address without its link cookie: a plain 404 that counts as a request, not as a
    // guess (guesses have a tighter limit of their own).
    const page = '/p/s/00000000-0000-4000-8000-000000000000';
    const statuses: number[] = [];
    for (let i = 0; i < PORTAL_LIMIT; i++)
      statuses.push((await call(i % 2 ? urlB : urlA, 'GET', page, { ip })).status);
    // 30 requests, half on each: within the limit, as one instance would allow.
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect((await call(urlA, 'GET', page, { ip })).status).toBe(429);
    expect((await call(urlB, 'GET', page, { ip })).status).toBe(429);
  });

  it('serves on B, from the shared cache, a PDF rendered on A', async () => {
    const session = await signInOn(urlA, clinic.clinician.email);
    const handoutId = await publishedHandout(session);
    const path = `/api/handouts/${handoutId}/versions/1/pdf`;
    const first = await call(urlA, 'GET', path, { session });
    expect(first.status).toBe(200);
    const rendersOnB = b.get(PdfRenderer).status().renders;
    const second = await call(urlB, 'GET', path, { session });
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(Buffer.from(await second.arrayBuffer())).toEqual(Buffer.from(await first.arrayBuffer()));
    expect(b.get(PdfRenderer).status().renders).toBe(rendersOnB);
  });

  it('gives consecutive versions to publishes sent to both at once', async () => {
    const session = await signInOn(urlA, clinic.clinician.email);
    const handoutId = await publishedHandout(session);
    for (let round = 2; round <= 6; round++) {
      const handout = await json(
        await call(urlA, 'GET', `/api/handouts/${handoutId}`, { session }),
      );
      const draft = handout.draft as Record<string, unknown>;
      const saved = await call(urlB, 'PUT', `/api/handouts/${handoutId}/draft`, {
        session,
        body: { ...draft, note: `Round ${round}` },
      });
      expect(saved.status).toBe(200);
      const answers = await Promise.all(
        [urlA, urlB].map((base) =>
          call(base, 'POST', `/api/handouts/${handoutId}/publish`, { session }),
        ),
      );
      // One of them publishes; the other finds nothing left to publish.
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    }
    const numbers = await a
      .get(DataSource)
      .query(`SELECT number FROM handout_versions WHERE handout_id = $1 ORDER BY number`, [
        handoutId,
      ]);
    expect(numbers.map((r: { number: number }) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
