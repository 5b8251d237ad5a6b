import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createClinic, randomAddress, signIn, SignedIn, TestClinic } from '../support/factories';
import { publish } from '../support/handouts';
import { startTestApp } from '../support/test-app';
import {
  MailCatcher,
  REFUSED_NUMBER,
  startMailCatcher,
  startTwilioStandIn,
  TWILIO_SID,
  TWILIO_TOKEN,
} from './stand-ins';

/**
 * Sending a patient their link, with real parts: an SMTP server (smtp-server) receives the
 * email, a local HTTP server stands in for Twilio's Messages API, the link read out of the
 * message is opened like a phone would.
 */
describe('sending a patient their portal link', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let mail: MailCatcher;
  let twilio: Awaited<ReturnType<typeof startTwilioStandIn>>;
  let clinic: TestClinic;
  let lee: SignedIn;
  let admin: SignedIn;
  const logLines: string[] = [];

  beforeAll(async () => {
    [mail, twilio] = await Promise.all([startMailCatcher(), startTwilioStandIn()]);
    app = await startTestApp(
      {
        SMTP_URL: mail.url,
        SMTP_FROM: 'portal@riverside.example',
        SMS_PROVIDER: 'twilio',
        SMS_FROM: '+15005550006',
        SMS_ACCOUNT_SID: TWILIO_SID,
        SMS_AUTH_TOKEN: TWILIO_TOKEN,
        SMS_API_URL: twilio.url,
        LOG_LEVEL: 'debug',
      },
      [],
      { logLines },
    );
    db = app.get(DataSource);
    clinic = await createClinic(app, `Riverside Physio ${Date.now()}`);
    lee = await signIn(app, clinic.clinician);
    admin = await signIn(app, clinic.admin);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([mail?.close(), twilio?.close()]);
  });

  const post = (session: SignedIn, path: string, body: object) =>
    session.agent.post(path).set('X-CSRF-Token', session.csrfToken).send(body);

  /** A published handout for Maria L. (its title names her back spasm), with her addresses. */
  async function published(
    session: SignedIn,
    contact: { email?: string; phone?: string } = {},
    language?: string,
  ) {
    const patient = await post(session, '/api/patients', {
      displayName: 'Maria L.',
      dateOfBirth: '1968-03-14',
      ...contact,
      ...(language ? { language } : {}),
    }).expect(201);
    const handout = await post(session, `/api/patients/${patient.body.id}/handouts`, {
      templateKey: 'first-72-hours',
    }).expect(201);
    await publish(session, handout.body.id).expect(201);
    const version = await session.agent
      .get(`/api/handouts/${handout.body.id}/versions/1`)
      .expect(200);
    return {
      patient: patient.body,
      handoutId: handout.body.id as string,
      title: version.body.title,
    };
  }

  /** Opens a link as a phone: the token is swapped for a cookie, then the handout shows. */
  async function open(url: string) {
    const phone = request.agent(app.getHttpServer()).set('X-Forwarded-For', randomAddress());
    const first = await phone.get(new URL(url).pathname).expect(303);
    return phone.get(first.headers.location);
  }

  const linksOf = (handoutId: string) =>
    db.query(`SELECT id FROM portal_links WHERE handout_id = $1`, [handoutId]);

  it('emails the link: the message names the clinic, says when it ends, and opens the handout', async () => {
    const address = `maria.${Date.now()}@example.org`;
    const { handoutId, title } = await published(lee, { email: address });
    const issued = await post(lee, `/api/handouts/${handoutId}/links`, {
      requireDateOfBirth: false,
      sendTo: { email: address },
    }).expect(201);
    expect(issued.body).toMatchObject({
      url: expect.stringMatching(/\/p\/[A-Za-z0-9_-]{43}$/),
      qrSvg: expect.stringMatching(/^<svg/),
      delivery: [{ channel: 'email', status: 'sent', via: 'smtp', to: 'm***@e***.org' }],
    });
    expect(JSON.stringify(issued.body.delivery)).not.toContain(address);

    const email = await mail.mailTo(address);
    expect(email.from?.text).toContain('portal@riverside.example');
    expect(email.subject).toBe(`Your handout from ${clinic.clinic.name}`);
    const text = email.text ?? '';
    const html = String(email.html);
    // The link read out of the email is the one issued, and it opens the handout.
    const link = /https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    expect(link).toBe(issued.body.url);
    expect(html).toContain(`href="${issued.body.url}"`);
    const expires = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: clinic.clinic.timeZone,
    }).format(new Date(issued.body.expiresAt));
    expect(text).toContain(`The link works until ${expires}.`);
    const page = await open(link!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(title);
    // Nothing clinical, and no one named (the clinic has not allowed first names).
    for (const message of [email.subject ?? '', text, html]) {
      expect(message).not.toContain(title);
      expect(message).not.toMatch(/spasm|back pain|espasmo|Maria|1968/i);
    }
    expect(text).toMatch(/^Hello,\n/);
  });

  it('texts the link through Twilio’s Messages API: the account’s path, basic auth, To, From and a Body with the link and no title', async () => {
    const { handoutId, title } = await published(lee, { phone: '+44 7700 900123' });
    const issued = await post(lee, `/api/handouts/${handoutId}/links`, {
      sendTo: { phone: '+44 7700 900123' },
    }).expect(201);
    expect(issued.body.delivery).toEqual([
      {
        channel: 'sms',
        status: 'sent',
        via: 'twilio',
        to: '+********0123',
        at: expect.any(String),
      },
    ]);
    const sent = twilio.requests.find((r) => r.form.To === '+447700900123');
    expect(sent).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`,
      form: { To: '+447700900123', From: '+15005550006', Body: expect.any(String) },
    });
    expect(sent!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64')}`,
    );
    expect(sent!.form.Body).toContain(issued.body.url);
    expect(sent!.form.Body).toContain(clinic.clinic.name);
    expect(sent!.form.Body).not.toContain(title);
    expect(sent!.form.Body).not.toMatch(/spasm|Maria/i);
    // The provider's message id is kept with the delivery.
    const [row] = await db.query(
      `SELECT status, via, recipient, provider_message_id FROM link_deliveries WHERE link_id = $1`,
      [issued.body.id],
    );
    expect(row).toEqual({
      status: 'sent',
      via: 'twilio',
      recipient: '+********0123',
      provider_message_id: expect.stringMatching(/^SM\d{32}$/),
    });
  });

  it('keeps the link when the provider refuses: the reason is in the answer, the activity, the links list and the audit trail', async () => {
    const address = `both.${Date.now()}@example.org`;
    const { handoutId } = await published(lee);
    const issued = await post(lee, `/api/handouts/${handoutId}/links`, {
      requireDateOfBirth: false,
      sendTo: { email: address, phone: REFUSED_NUMBER },
    }).expect(201);
    const reason =
      "HTTP 400: 'To' number [recipient] is not a valid mobile number (Twilio error 21614)";
    expect(issued.body.delivery).toEqual([
      expect.objectContaining({ channel: 'email', status: 'sent' }),
      expect.objectContaining({ channel: 'sms', status: 'failed', reason, to: '+********0999' }),
    ]);
    // The clinician can still copy, print or scan the link, and it opens.
    expect(issued.body.qrSvg).toMatch(/^<svg/);
    expect((await open(issued.body.url)).status).toBe(200);

    const activity = await lee.agent.get(`/api/handouts/${handoutId}/activity`).expect(200);
    expect(activity.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'link.sent', channel: 'email', by: 'user' }),
        expect.objectContaining({ action: 'link.send_failed', channel: 'sms', reason }),
      ]),
    );
    const links = await lee.agent.get(`/api/handouts/${handoutId}/links`).expect(200);
    expect(links.body.items[0].deliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'sms', status: 'failed', reason }),
        expect.objectContaining({ channel: 'email', status: 'sent', to: 'b***@e***.org' }),
      ]),
    );
    const trail = await admin.agent
      .get(`/api/audit?action=link.s&targetId=${issued.body.id}`)
      .expect(200);
    const events = trail.body.items as { action: string; outcome: string; details: object }[];
    expect(events.map((e) => [e.action, e.outcome]).sort()).toEqual([
      ['link.send_failed', 'failure'],
      ['link.sent', 'success'],
    ]);
    // The trail says which channel and why, never to whom.
    const written = JSON.stringify(events);
    for (const secret of [address, REFUSED_NUMBER, '7700900999', '***'])
      expect(written).not.toContain(secret);
  });

  it('greets the patient by first name only once the clinic allows it', async () => {
    const address = `first.${Date.now()}@example.org`;
    await admin.agent
      .patch('/api/clinic')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ messagesUseFirstName: true })
      .expect(200)
      .expect((r) => expect(r.body.messagesUseFirstName).toBe(true));
    try {
      const { handoutId } = await published(lee);
      await post(lee, `/api/handouts/${handoutId}/links`, {
        sendTo: { email: address, phone: '+15550100123' },
      }).expect(201);
      const email = await mail.mailTo(address);
      expect(email.text).toMatch(/^Hello Maria,\n/);
      expect(email.text).not.toContain('Maria L.');
      // The date of birth is asked by default: the message says so.
      expect(email.text).toContain('you will be asked for your date of birth');
      const sms = twilio.requests.find((r) => r.form.To === '+15550100123');
      expect(sms?.form.Body).toMatch(/^Hello Maria, /);
    } finally {
      await admin.agent
        .patch('/api/clinic')
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ messagesUseFirstName: false })
        .expect(200);
    }
  });

  it('writes to a Spanish handout’s patient in Spanish', async () => {
    const address = `rosa.${Date.now()}@example.org`;
    const { handoutId, title } = await published(lee, {}, 'es');
    const issued = await post(lee, `/api/handouts/${handoutId}/links`, {
      sendTo: { email: address, phone: '+34 612 34 56 78' },
    }).expect(201);
    const email = await mail.mailTo(address);
    expect(email.subject).toBe(`Su hoja informativa de ${clinic.clinic.name}`);
    expect(email.text).toMatch(/^Hola:\n/);
    expect(email.text).toContain('El enlace funciona hasta el ');
    expect(String(email.html)).toContain('<html lang="es">');
    expect(email.text).not.toContain(title);
    const sms = twilio.requests.find((r) => r.form.To === '+34612345678');
    expect(sms?.form.Body).toContain('su hoja informativa está lista');
    expect(sms?.form.Body).toContain(issued.body.url);
  });

  it('refuses an address that is not one, naming the field, and makes no link', async () => {
    const { handoutId } = await published(lee);
    for (const [sendTo, field] of [
      [{ phone: '07700 900123' }, /sendTo\.phone: must be a mobile number with its country code/],
      [{ email: 'maria at example.org' }, /sendTo\.email: must be an email address/],
      [{}, /sendTo: give an email, a phone, or both/],
    ] as const) {
      const refused = await post(lee, `/api/handouts/${handoutId}/links`, { sendTo }).expect(400);
      expect(JSON.stringify(refused.body.message)).toMatch(field);
    }
    expect(await linksOf(handoutId)).toEqual([]);
  });

  it('logs sends by channel and outcome only: no address, no message, no provider reason', () => {
    const log = logLines.join('\n');
    expect(log).toMatch(/"channel":"sms".*"outcome":"failed"/);
    // Every address and message text the tests above sent.
    const secrets = [
      ...mail.received.flatMap((r) => [...r.to, r.mail.text ?? '']),
      ...twilio.requests.flatMap((r) => [r.form.To, r.form.Body]),
      '7700900',
      'not a valid mobile number',
    ];
    for (const secret of secrets) expect(log).not.toContain(secret);
  });

  it('says which channels can send', async () => {
    const res = await lee.agent.get('/api/messaging/channels').expect(200);
    expect(res.body).toEqual({
      email: { available: true, via: 'smtp' },
      sms: { available: true, via: 'twilio' },
    });
  });
});
