import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  createClinic,
  PASSWORD,
  randomAddress,
  sessionCookie,
  signIn,
  TestClinic,
} from '../support/factories';
import { listeningUrl, startTestApp } from '../support/test-app';

describe('sign-in, sessions and CSRF', () => {
  let app: NestExpressApplication;
  let clinic: TestClinic;
  let db: DataSource;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    clinic = await createClinic(app);
  });
  afterAll(() => app.close());

  const login = (email: string, password: string, ip = randomAddress()) =>
    request(app.getHttpServer())
      .post('/api/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ email, password });

  it('signs in and returns the user with a CSRF token, in a safe cookie', async () => {
    const res = await login(clinic.clinician.email.toUpperCase(), PASSWORD).expect(200);
    expect(res.body.user).toEqual({
      id: clinic.clinician.id,
      email: clinic.clinician.email,
      name: 'Test clinician',
      role: 'clinician',
      clinicId: clinic.clinic.id,
    });
    expect(res.body.csrfToken).toEqual(expect.any(String));
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('portal.sid='),
    )!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // development over http; see the production case below
  });

  it('gives the same 401 for an unknown email and a wrong password, and audits both', async () => {
    const unknown = await login(`nobody.${Date.now()}@example.org`, PASSWORD).expect(401);
    const wrong = await login(clinic.admin.email, 'not the right password').expect(401);
    expect(unknown.body.message).toBe(wrong.body.message);
    const failures = await db.query(
      `SELECT details->>'reason' AS reason FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'failure' AND clinic_id = $1`,
      [clinic.clinic.id],
    );
    expect(failures.map((f: { reason: string }) => f.reason)).toContain('wrong password');
  });

  it('names a missing field with a 400', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ email: 'a@b.org' })
      .expect(400);
    expect(res.body.message).toEqual(['password: is required']);
  });

  it('answers /me for a session and 401 without one', async () => {
    const session = await signIn(app, clinic.editor);
    const me = await session.agent.get('/api/auth/me').expect(200);
    expect(me.body.user.role).toBe('editor');
    await request(app.getHttpServer()).get('/api/auth/me').expect(401);
  });

  it('destroys the session on the server at sign-out', async () => {
    const session = await signIn(app, clinic.clinician);
    await session.agent.post('/api/auth/logout').set('X-CSRF-Token', session.csrfToken).expect(204);
    // The old cookie, replayed by anyone, no longer works.
    await request(app.getHttpServer())
      .get('/api/auth/me')
      .set('Cookie', session.cookie)
      .expect(401);
    const sid = decodeURIComponent(session.cookie.split('=')[1]).slice(2).split('.')[0];
    expect(await db.query(`SELECT 1 FROM sessions WHERE sid = $1`, [sid])).toEqual([]);
  });

  it('reads the user fresh with the session: a changed role or a disabled flag acts at once', async () => {
    const extra = await createClinic(app);
    const session = await signIn(app, extra.editor);
    await db.query(`UPDATE users SET role = 'clinician' WHERE id = $1`, [extra.editor.id]);
    const me = await session.agent.get('/api/auth/me').expect(200);
    expect(me.body.user).toMatchObject({ id: extra.editor.id, role: 'clinician' });
    // Disabled straight in the database, the session row still there: the next request is refused.
    await db.query(`UPDATE users SET disabled = true WHERE id = $1`, [extra.editor.id]);
    await session.agent.get('/api/auth/me').expect(401);
  });

  it('changes the session id at sign-in (no session fixation)', async () => {
    const first = await signIn(app, clinic.clinician);
    const again = await first.agent
      .post('/api/auth/login')
      .send({ email: clinic.clinician.email, password: PASSWORD });
    const second = sessionCookie(again.headers['set-cookie']);
    expect(second).toBeTruthy();
    expect(second).not.toBe(first.cookie);
    await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', first.cookie).expect(401);
    await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', second).expect(200);
  });

  it('refuses state-changing requests without the right CSRF token', async () => {
    const session = await signIn(app, clinic.clinician);
    const patient = { displayName: 'CSRF Test', dateOfBirth: '1980-01-01' };
    const missing = await session.agent.post('/api/patients').send(patient).expect(403);
    expect(missing.body.message).toMatch(/CSRF/);
    await session.agent
      .post('/api/patients')
      .set('X-CSRF-Token', 'forged')
      .send(patient)
      .expect(403);
    const other = await signIn(app, clinic.admin);
    await session.agent
      .post('/api/patients')
      .set('X-CSRF-Token', other.csrfToken)
      .send(patient)
      .expect(403);
    await session.agent
      .post('/api/patients')
      .set('X-CSRF-Token', session.csrfToken)
      .send(patient)
      .expect(201);
  });

  it('ends a session after the idle timeout and after the absolute lifetime', async () => {
    const idle = await signIn(app, clinic.clinician);
    await db.query(
      `UPDATE sessions SET expire = now() - interval '1 second' WHERE sess->'passport'->>'user' = $1`,
      [clinic.clinician.id],
    );
    await idle.agent.get('/api/auth/me').expect(401);

    const old = await signIn(app, clinic.clinician);
    // Every sign-in records when the session began.
    const [started] = await db.query(
      `SELECT (sess->>'signedInAt')::bigint AS at FROM sessions WHERE sess->'passport'->>'user' = $1`,
      [clinic.clinician.id],
    );
    expect(Number(started.at)).toBeGreaterThan(Date.now() - 60_000);
    const thirteenHoursAgo = Date.now() - 13 * 3_600_000;
    await db.query(
      `UPDATE sessions SET sess = jsonb_set(sess::jsonb, '{signedInAt}', to_jsonb($2::bigint))::json WHERE sess->'passport'->>'user' = $1`,
      [clinic.clinician.id, thirteenHoursAgo],
    );
    await old.agent.get('/api/auth/me').expect(401);
  });

  it('throttles wrong passwords per account and address with 429, audits them, and never locks the real user out', async () => {
    const target = (await createClinic(app)).clinician;
    const attacker = randomAddress();
    for (let i = 0; i < 5; i++)
      await login(target.email, `wrong password ${i}`, attacker).expect(401);
    const throttled = await login(target.email, PASSWORD, attacker).expect(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(890);
    expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(throttled.body.message).toMatch(/Too many failed sign-ins/);
    // Refused tries are not counted: however many, the pair's count stays at 5.
    for (let i = 0; i < 5; i++) await login(target.email, 'again', attacker).expect(429);
    const [{ points }] = await db.query(
      `SELECT points FROM rate_limits WHERE key LIKE 'sign-in:pair:%' AND key LIKE $1`,
      [`%:${attacker}`],
    );
    expect(points).toBe(5);
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'throttled' AND clinic_id = $1`,
      [target.clinicId],
    );
    expect(count).toBe(6);
    // The real user, from their own connection, signs in at once.
    await login(target.email, PASSWORD).expect(200);
  });

  it('checks at most 5 of 40 wrong passwords sent at once from one address', async () => {
    const target = (await createClinic(app)).clinician;
    const base = await listeningUrl(app);
    const ip = randomAddress();
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': ip },
          body: JSON.stringify({ email: target.email, password: `wrong password ${i}` }),
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    const [{ checked }] = await db.query(
      `SELECT count(*)::int AS checked FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'failure' AND clinic_id = $1`,
      [target.clinicId],
    );
    expect(checked).toBe(5);
  });

  it('slows, never refuses, an account tried from many addresses', async () => {
    const target = (await createClinic(app)).clinician;
    for (let i = 0; i < 11; i++) await login(target.email, `wrong ${i}`).expect(401);
    const started = Date.now();
    await login(target.email, PASSWORD).expect(200);
    // The 12th try of the hour waits 500 ms before its check.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('throttles failed sign-ins per address', async () => {
    const ip = randomAddress();
    for (let i = 0; i < 20; i++)
      await login(`guess${i}.${Date.now()}@example.org`, 'wrong password here', ip).expect(401);
    await login(clinic.editor.email, PASSWORD, ip).expect(429);
    await login(clinic.editor.email, PASSWORD, randomAddress()).expect(200);
  });

  it('sets the Secure flag on the session cookie in production', async () => {
    const production = await startTestApp({ NODE_ENV: 'production', DEMO_DATA: 'false' });
    try {
      const res = await request(production.getHttpServer())
        .post('/api/auth/login')
        .set('X-Forwarded-Proto', 'https')
        .set('X-Forwarded-For', randomAddress())
        .send({ email: clinic.clinician.email, password: PASSWORD })
        .expect(200);
      expect(sessionCookie(res.headers['set-cookie'])).toBeTruthy();
      expect((res.headers['set-cookie'] as unknown as string[]).join(';')).toMatch(/Secure/);
    } finally {
      await production.close();
    }
  });
});
