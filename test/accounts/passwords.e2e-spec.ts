import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { runCli } from '../../src/cli/cli';
import { Clock } from '../../src/common/clock';
import { createClinic, PASSWORD, signIn, SignedIn, TestClinic } from '../support/factories';
import { startTestApp, testConfig, testDatabaseUrl, testOwnerUrl } from '../support/test-app';

const NEW_PASSWORD = 'a brand new long password';

describe('changing and resetting passwords', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let clinic: TestClinic;
  let admin: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    clinic = await createClinic(app);
    admin = await signIn(app, clinic.admin);
  });
  afterAll(() => app.close());

  const actions = async (userId: string) =>
    (
      await db.query(
        `SELECT action FROM audit_events WHERE target_id = $1 AND action LIKE 'auth.password%' ORDER BY id`,
        [userId],
      )
    ).map((e: { action: string }) => e.action);

  it('changes your own password with the current one, ending your other sessions only', async () => {
    const { clinician } = await createClinic(app);
    const here = await signIn(app, clinician);
    const elsewhere = await signIn(app, clinician);
    const change = (body: object) =>
      here.agent.post('/api/auth/password').set('X-CSRF-Token', here.csrfToken).send(body);
    const wrong = await change({ currentPassword: 'not it at all', newPassword: NEW_PASSWORD });
    expect([wrong.status, wrong.body.message]).toEqual([400, ['currentPassword: is not right']]);
    const weak = await change({ currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.body.message).toEqual(['newPassword: must be at least 12 characters']);
    await change({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(204);

    await here.agent.get('/api/auth/me').expect(200);
    await elsewhere.agent.get('/api/auth/me').expect(401);
    await signIn(app, clinician, NEW_PASSWORD);
    await expect(signIn(app, clinician)).rejects.toThrow(/401/);
    expect(await actions(clinician.id)).toEqual(['auth.password_changed']);
    const row = JSON.stringify(
      await db.query(`SELECT * FROM audit_events WHERE target_id = $1`, [clinician.id]),
    );
    expect(row).not.toContain(NEW_PASSWORD);
  });

  it('lets an admin issue a one-time, expiring link that ends the user’s sessions when used', async () => {
    const { editor } = clinic;
    const session = await signIn(app, editor);
    const issued = await admin.agent
      .post(`/api/users/${editor.id}/password-reset`)
      .set('X-CSRF-Token', admin.csrfToken)
      .expect(201);
    expect(issued.body.url).toMatch(/^http:\/\/localhost:\d+\/reset-password\/[A-Za-z0-9_-]{43}$/);
    const token = issued.body.url.split('/').pop();
    const stored = await db.query(`SELECT * FROM password_resets WHERE user_id = $1`, [editor.id]);
    expect(JSON.stringify(stored)).not.toContain(token);

    const server = app.getHttpServer();
    const form = await request(server).get(`/reset-password/${token}`).expect(200);
    expect(form.text).toContain('name="newPassword"');
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    const weak = await request(server)
      .post(`/reset-password/${token}`)
      .type('form')
      .send({ newPassword: 'password123' })
      .expect(400);
    expect(weak.text).toContain('New password: must be at least 12 characters');
    const done = await request(server)
      .post(`/reset-password/${token}`)
      .type('form')
      .send({ newPassword: NEW_PASSWORD })
      .expect(303);
    expect(done.headers.location).toBe('/login?reset=1');
    await session.agent.get('/api/auth/me').expect(401);
    await signIn(app, editor, NEW_PASSWORD);
    // Once only.
    const again = await request(server).get(`/reset-password/${token}`).expect(410);
    expect(again.text).toContain('has been used or has expired');
    await request(server)
      .post(`/api/auth/password-reset/${token}`)
      .send({ newPassword: 'yet another long password' })
      .expect(410);
    expect(await actions(editor.id)).toEqual(['auth.password_reset_issued', 'auth.password_reset']);
  });

  it('refuses an expired link, another clinic’s user (404) and a clinician (403)', async () => {
    const issued = await admin.agent
      .post(`/api/users/${clinic.clinician.id}/password-reset`)
      .set('X-CSRF-Token', admin.csrfToken)
      .expect(201);
    const token = issued.body.url.split('/').pop();
    const clock = app.get(Clock);
    const now = clock.now;
    clock.now = () => new Date(Date.now() + 25 * 3_600_000);
    try {
      await request(app.getHttpServer())
        .post(`/api/auth/password-reset/${token}`)
        .send({ newPassword: NEW_PASSWORD })
        .expect(410);
    } finally {
      clock.now = now;
    }
    await request(app.getHttpServer()).get('/reset-password/not-a-token').expect(404);
    const other = await createClinic(app);
    await admin.agent
      .post(`/api/users/${other.clinician.id}/password-reset`)
      .set('X-CSRF-Token', admin.csrfToken)
      .expect(404);
    const clinician = await signIn(app, clinic.clinician);
    await clinician.agent
      .post(`/api/users/${clinic.editor.id}/password-reset`)
      .set('X-CSRF-Token', clinician.csrfToken)
      .expect(403);
  });

  it('issues a link on the command line: npm run cli -- reset-password --email …', async () => {
    const { clinician } = await createClinic(app);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      ['reset-password', '--email', clinician.email.toUpperCase()],
      testConfig(),
      async () => ({ url: testDatabaseUrl(), ownerUrl: testOwnerUrl() }),
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    expect([code, err]).toEqual([0, []]);
    const { url } = JSON.parse(out[0]);
    // The command built an app of its own in this process, and Passport's strategies are
    // global: serve the rest from a fresh app, as a separate command-line process leaves it.
    const fresh = await startTestApp();
    try {
      await request(fresh.getHttpServer())
        .post(`/api/auth/password-reset/${url.split('/').pop()}`)
        .send({ newPassword: NEW_PASSWORD })
        .expect(204);
      await signIn(fresh, clinician, NEW_PASSWORD);
    } finally {
      await fresh.close();
    }
    const [issuedBy] = await db.query(
      `SELECT actor_type FROM audit_events WHERE target_id = $1 AND action = 'auth.password_reset_issued'`,
      [clinician.id],
    );
    expect(issuedBy.actor_type).toBe('system');
  });
});
