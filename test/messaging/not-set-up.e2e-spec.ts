import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  createClinic,
  PASSWORD,
  randomAddress,
  signIn,
  SignedIn,
  TestClinic,
} from '../support/factories';
import { patientWithHandout, publish } from '../support/handouts';
import { startTestApp } from '../support/test-app';

/**
 * Without SMTP_URL or SMS_PROVIDER: in production a channel is "not set up" (sendTo refused
 * before any link is made, and the builder says so); in development and tests messages go to
 * the clinic's outbox instead (a page for its admin).
 */
describe('sending links without a mail server or text-message provider', () => {
  let app: NestExpressApplication;
  let production: NestExpressApplication;
  let db: DataSource;
  let clinic: TestClinic;
  let lee: SignedIn;

  beforeAll(async () => {
    [app, production] = await Promise.all([
      startTestApp(),
      startTestApp({ NODE_ENV: 'production', DEMO_DATA: 'false' }),
    ]);
    db = app.get(DataSource);
    clinic = await createClinic(app);
    lee = await signIn(app, clinic.clinician);
  });
  afterAll(async () => {
    await app?.close();
    await production?.close();
  });

  /** A session on the production app: its cookies are Secure, so requests come "over HTTPS". */
  async function productionSession(email: string) {
    const server = production.getHttpServer();
    const login = await request(server)
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-For', randomAddress())
      .send({ email, password: PASSWORD })
      .expect(200);
    const cookies = (login.headers['set-cookie'] as unknown as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    return (method: 'get' | 'post', path: string) =>
      request(server)
        [method](path)
        .set('Cookie', cookies)
        .set('X-Forwarded-Proto', 'https')
        .set('X-CSRF-Token', login.body.csrfToken);
  }

  async function publishedHandout() {
    const { handout } = await patientWithHandout(lee);
    await publish(lee, handout.id).expect(201);
    return handout.id as string;
  }

  const linkCount = async (handoutId: string) =>
    (await db.query(`SELECT id FROM portal_links WHERE handout_id = $1`, [handoutId])).length;

  it('in production, refuses sendTo on a channel that is not set up, naming the field, before making a link', async () => {
    const handoutId = await publishedHandout();
    const call = await productionSession(clinic.clinician.email);
    const channels = await call('get', '/api/messaging/channels').expect(200);
    expect(channels.body).toEqual({
      email: { available: false, via: null },
      sms: { available: false, via: null },
    });
    const byEmail = await call('post', `/api/handouts/${handoutId}/links`)
      .send({ sendTo: { email: 'maria@example.org' } })
      .expect(400);
    expect(byEmail.body.message).toEqual([
      'sendTo.email: sending by email is not set up on this portal (SMTP_URL)',
    ]);
    const byText = await call('post', `/api/handouts/${handoutId}/links`)
      .send({ sendTo: { phone: '+44 7700 900123' } })
      .expect(400);
    expect(byText.body.message).toEqual([
      'sendTo.phone: sending by text message is not set up on this portal (SMS_PROVIDER)',
    ]);
    expect(await linkCount(handoutId)).toBe(0);
    expect(
      await db.query(`SELECT 1 FROM outbox_messages WHERE clinic_id = $1`, [clinic.clinic.id]),
    ).toEqual([]);

    // Without sendTo, a link is issued as before.
    const issued = await call('post', `/api/handouts/${handoutId}/links`).send({}).expect(201);
    expect(issued.body.delivery).toEqual([]);

    // The builder's share panel says sending is not set up, and offers no address fields.
    const builder = await call('get', `/handouts/${handoutId}`).expect(200);
    expect(builder.text).toContain('Sending by email is not set up on this portal');
    expect(builder.text).toContain('Sending by text message is not set up on this portal');
    expect(builder.text).not.toContain('id="send-email"');
    expect(builder.text).not.toContain('id="send-sms"');
  });

  it('outside production, puts the messages in the clinic’s outbox, masked, for its admin only', async () => {
    const handoutId = await publishedHandout();
    const issued = await lee.agent
      .post(`/api/handouts/${handoutId}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ sendTo: { email: 'maria.lopez@example.org', phone: '+447700900123' } })
      .expect(201);
    expect(issued.body.delivery).toEqual([
      expect.objectContaining({
        channel: 'email',
        status: 'sent',
        via: 'outbox',
        to: 'm***@e***.org',
      }),
      expect.objectContaining({
        channel: 'sms',
        status: 'sent',
        via: 'outbox',
        to: '+********0123',
      }),
    ]);

    const admin = await signIn(app, clinic.admin);
    const settings = await admin.agent.get('/admin/clinic').expect(200);
    expect(settings.text).toContain('href="/admin/outbox"');
    const page = await admin.agent.get('/admin/outbox').expect(200);
    expect(page.text).toContain('m***@e***.org');
    expect(page.text).toContain('+********0123');
    expect(page.text).toContain(`Subject: Your handout from ${clinic.clinic.name}`);
    expect(page.text).toContain('Text message');
    expect(page.text).not.toContain('maria.lopez@example.org');
    expect(page.text).not.toContain('7700900123');
    // The text is the message the patient would read, link and all: it opens the handout.
    expect(page.text).toContain(issued.body.url);
    const phone = request.agent(app.getHttpServer()).set('X-Forwarded-For', randomAddress());
    await phone.get(new URL(issued.body.url).pathname).expect(303);

    // Another clinic's admin sees none of it; a clinician cannot open the page.
    const other = await createClinic(app);
    const otherAdmin = await signIn(app, other.admin);
    const theirs = await otherAdmin.agent.get('/admin/outbox').expect(200);
    expect(theirs.text).toContain('No messages yet.');
    expect(theirs.text).not.toContain(issued.body.url);
    await lee.agent.get('/admin/outbox').expect(403);
  });
});
