import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createClinic, PASSWORD, randomAddress, TestClinic } from '../support/factories';
import { BlockPreviewService } from '../../src/library/block-preview.service';
import { startTestApp } from '../support/test-app';

/** The server-rendered pages, driven as a browser without JavaScript would. */
describe('pages', () => {
  let app: NestExpressApplication;
  let clinic: TestClinic;

  beforeAll(async () => {
    app = await startTestApp();
    clinic = await createClinic(app);
  });
  afterAll(() => app.close());

  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  /** A browser at the sign-in page: keeps its cookies, and the form's token. */
  async function atSignIn(): Promise<{ agent: TestAgent; token: string }> {
    const agent = request.agent(app.getHttpServer()) as unknown as TestAgent;
    const page = await agent.get('/login').expect(200);
    return { agent, token: csrfOf(page.text) };
  }

  async function signInWithForm(email: string, next = '/patients'): Promise<TestAgent> {
    const { agent, token } = await atSignIn();
    const res = await agent
      .post('/login')
      .set('X-Forwarded-For', randomAddress())
      .type('form')
      .send({ _csrf: token, email, password: PASSWORD, next })
      .expect(303);
    expect(res.headers.location).toBe(next);
    return agent;
  }

  it('sends a signed-out visitor to the sign-in page and back afterwards', async () => {
    const res = await request(app.getHttpServer()).get('/patients?q=x').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fpatients%3Fq%3Dx');
    const page = await request(app.getHttpServer()).get('/login?next=/patients').expect(200);
    expect(page.text).toContain('<form method="post" action="/login"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('shows the sign-in form again with one message for any wrong credential', async () => {
    const { agent, token } = await atSignIn();
    const wrong = await agent
      .post('/login')
      .set('X-Forwarded-For', randomAddress())
      .type('form')
      .send({ _csrf: token, email: clinic.clinician.email, password: 'wrong wrong wrong' })
      .expect(401);
    expect(wrong.text).toContain('The email or password is not right.');
    expect(wrong.text).toContain(`value="${clinic.clinician.email}"`);
  });

  it('refuses a sign-in posted from another site (login CSRF), whatever the route', async () => {
    const server = app.getHttpServer();
    // Another site's form, in the victim's browser: no token of ours, a foreign origin.
    const forged = await request(server)
      .post('/login')
      .set('X-Forwarded-For', randomAddress())
      .set('Origin', 'https://evil.example')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ email: clinic.clinician.email, password: PASSWORD })
      .expect(403);
    expect(forged.headers['set-cookie']?.toString() ?? '').not.toMatch(/sid=/);
    // Even with a token the attacker fetched for itself, a foreign Origin is refused.
    const { agent, token } = await atSignIn();
    await agent
      .post('/login')
      .set('X-Forwarded-For', randomAddress())
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: token, email: clinic.clinician.email, password: PASSWORD })
      .expect(403);
    // A same-site form without the page's token is refused too, and says what to do.
    const stale = await request(server)
      .post('/login')
      .set('X-Forwarded-For', randomAddress())
      .type('form')
      .send({ email: clinic.clinician.email, password: PASSWORD })
      .expect(403);
    expect(stale.text).toContain('The sign-in form has expired');
    // The JSON route takes JSON only, which no cross-site form can send.
    await request(server)
      .post('/api/auth/login')
      .set('X-Forwarded-For', randomAddress())
      .type('form')
      .send({ email: clinic.clinician.email, password: PASSWORD })
      .expect(415);
    await request(server)
      .post('/api/auth/login')
      .set('X-Forwarded-For', randomAddress())
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ email: clinic.clinician.email, password: PASSWORD })
      .expect(403);
    // Our own page, as a browser sends it, signs in.
    const own = await atSignIn();
    await own.agent
      .post('/login')
      .set('X-Forwarded-For', randomAddress())
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ _csrf: own.token, email: clinic.clinician.email, password: PASSWORD })
      .expect(303);
  });

  it('never redirects off-site after sign-in', async () => {
    await signInWithForm(clinic.clinician.email, '/patients');
    const { agent, token } = await atSignIn();
    const res = await agent
      .post('/login')
      .set('X-Forwarded-For', randomAddress())
      .type('form')
      .send({
        _csrf: token,
        email: clinic.clinician.email,
        password: PASSWORD,
        next: '//evil.example/x',
      })
      .expect(303);
    expect(res.headers.location).toBe('/');
  });

  it('creates a patient through the form, escaping what was typed', async () => {
    const agent = await signInWithForm(clinic.clinician.email);
    const form = await agent.get('/patients/new').expect(200);
    const bad = await agent
      .post('/patients')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        displayName: '<script>alert(1)</script>',
        dateOfBirth: '2999-01-01',
      })
      .expect(400);
    expect(bad.text).toContain('Date of birth: must not be in the future or before 1900');
    expect(bad.text).not.toContain('dateOfBirth: ');
    expect(bad.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(bad.text).not.toContain('<script>alert(1)</script>');

    const created = await agent
      .post('/patients')
      .type('form')
      .send({
        _csrf: csrfOf(bad.text),
        displayName: '<b>Bold</b> Name',
        dateOfBirth: '1980-01-01',
        mrn: '',
        language: 'en',
      })
      .expect(303);
    const show = await agent.get(created.headers.location).expect(200);
    expect(show.text).toContain('&lt;b&gt;Bold&lt;/b&gt; Name');
    const list = await agent.get('/patients?q=bold').expect(200);
    expect(list.text).toContain('1 patient matching');
  });

  it('fails on pages as the API does: the refusal with its own status, never swallowed', async () => {
    const agent = await signInWithForm(clinic.clinician.email);
    const patientForm = await agent.get('/patients/new').expect(200);
    const made = await agent
      .post('/patients')
      .type('form')
      .send({ _csrf: csrfOf(patientForm.text), displayName: 'Page P.', dateOfBirth: '1980-01-01' })
      .expect(303);
    const show = await agent.get(made.headers.location).expect(200);
    // A template that does not exist: the page says so, instead of a silent return.
    const missing = await agent
      .post(`${made.headers.location}/handouts`)
      .type('form')
      .send({ _csrf: csrfOf(show.text), templateKey: 'no-such-template' });
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeLessThan(500);
    expect(missing.text).toContain('no-such-template');

    // A validation error on the users page is a 400, as in the API (it answered 409).
    const admin = await signInWithForm(clinic.admin.email);
    const users = await admin.get('/admin/users').expect(200);
    const role = await admin
      .post(`/admin/users/${clinic.editor.id}`)
      .type('form')
      .send({ _csrf: csrfOf(users.text), role: 'wizard' })
      .expect(400);
    expect(role.text).toContain('Role: must be one of');

    // A failure of the server while the block editor checks a draft is a 500 with a request
    // id, not an editor page quietly missing its preview.
    const editor = await signInWithForm(clinic.editor.email);
    const preview = app.get(BlockPreviewService);
    const spy = jest.spyOn(preview, 'previewHtml').mockRejectedValue(new Error('database gone'));
    try {
      const broken = await editor.get('/library/new?from=heat').expect(500);
      expect(broken.text).toContain('Quote request id');
    } finally {
      spy.mockRestore();
    }
    await editor.get('/library/new?from=heat').expect(200);
  });

  it('refuses a form posted without its CSRF token', async () => {
    const agent = await signInWithForm(clinic.clinician.email);
    const res = await agent
      .post('/patients')
      .type('form')
      .send({ displayName: 'No token', dateOfBirth: '1980-01-01' })
      .expect(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('CSRF token');
  });

  it('shows admin pages to admins only', async () => {
    const admin = await signInWithForm(clinic.admin.email);
    for (const path of ['/admin/users', '/admin/clinic', '/admin/audit']) {
      const res = await admin.get(path).expect(200);
      expect(res.text).toContain('<h1>');
    }
    const clinician = await signInWithForm(clinic.clinician.email);
    const denied = await clinician.get('/admin/users').expect(403);
    expect(denied.text).toContain('This needs the admin role.');
  });

  it('signs out with a form and forgets the session', async () => {
    const agent = await signInWithForm(clinic.clinician.email);
    const page = await agent.get('/patients').expect(200);
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    await agent.get('/patients').expect(303);
  });
});
