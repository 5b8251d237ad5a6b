import { get as httpGet, IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { PortalRateLimiter } from '../../src/portal/portal-rate-limiter';
import { NOT_OPENED } from '../../src/portal/portal.controller';
import { createClinic, randomAddress, signIn, SignedIn, TestClinic } from '../support/factories';
import { patientWithHandout, publish, saveDraft } from '../support/handouts';
import { binary, pdfText } from '../support/pdf';
import { listeningUrl, startTestApp } from '../support/test-app';

describe('patient portal', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let clinic: TestClinic;
  let lee: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    clinic = await createClinic(app);
    lee = await signIn(app, clinic.clinician);
  });
  afterAll(() => app.close());

  /** A published handout for a patient born 1968-03-14, and a link to it. */
  async function linked(options: { requireDateOfBirth?: boolean; expiresInDays?: number } = {}) {
    const { patient, handout } = await patientWithHandout(lee, 'Maria L.');
    const blocks = handout.draft.blocks.map((b: { key: string }) =>
      b.key === 'cold-pack' ? { key: b.key, params: { minutes: 12 } } : b,
    );
    await saveDraft(lee, handout.id, { title: 'Your first days', blocks, revision: 1 }).expect(200);
    await publish(lee, handout.id).expect(201);
    const link = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ requireDateOfBirth: false, ...options })
      .expect(201);
    return {
      patient,
      handout,
      link: link.body as { id: string; url: string; expiresAt: string; qrSvg: string },
    };
  }

  /** A phone's browser: keeps cookies, one address. */
  function phone(ip = randomAddress()): TestAgent {
    return request.agent(app.getHttpServer()).set('X-Forwarded-For', ip) as unknown as TestAgent;
  }
  const pathOf = (url: string) => new URL(url).pathname;

  it('issues a 256-bit link once, storing only its hash', async () => {
    const { handout, link } = await linked();
    expect(link.url).toMatch(/^http:\/\/localhost:\d+\/p\/[A-Za-z0-9_-]{43}$/);
    expect(link.qrSvg).toMatch(/^<svg role="img"/);
    const token = link.url.split('/p/')[1];
    const [row] = await db.query(`SELECT * FROM portal_links WHERE id = $1`, [link.id]);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const days = (new Date(link.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    const listed = await lee.agent.get(`/api/handouts/${handout.id}/links`).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(listed.body.items[0]).toMatchObject({ id: link.id, state: 'live' });
  });

  it('opens the latest version for the patient, swapping the token for a cookie', async () => {
    const { link } = await linked();
    const browser = phone();
    const first = await browser.get(pathOf(link.url)).expect(303);
    expect(first.headers.location).toBe(`/p/s/${link.id}`);
    const cookie = (first.headers['set-cookie'] as unknown as string[]).join(';');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(new RegExp(`Path=/p/s/${link.id}`));
    const page = await browser.get(first.headers.location).expect(200);
    expect(page.text).toContain('Maria L.');
    expect(page.text).toContain('<strong class="value">12</strong>');
    expect(page.text).toContain('Emergency warning signs');
    expect(page.text).toMatch(/href="\/p\/s\/[^"]+\/pdf"[^>]*>Download PDF/);
    for (const [name, value] of Object.entries({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex, nofollow',
    })) {
      expect(page.headers[name]).toBe(value);
    }
    expect(page.headers['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[^']+'; img-src data:/,
    );
    expect(page.text).not.toMatch(/<script|https?:\/\/(?!localhost)/);
  });

  it('serves the page compressed (brotli, else gzip) to phones that accept it, the same page when decoded', async () => {
    const { link } = await linked();
    const first = await phone().get(pathOf(link.url)).expect(303);
    const cookie = (first.headers['set-cookie'] as unknown as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    const url = (await listeningUrl(app)) + first.headers.location;
    // Raw HTTP: fetch and supertest would decompress before we could look at the bytes.
    const get = (acceptEncoding: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        httpGet(url, { headers: { Cookie: cookie, 'Accept-Encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const plain = await get('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toContain('Maria L.');
    for (const [accept, expected, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const res = await get(accept);
      expect(res.headers['content-encoding']).toBe(expected);
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(decode(res.body).equals(plain.body)).toBe(true);
      // A real saving for a phone on a slow network, not a token one.
      expect(res.body.length).toBeLessThan(plain.body.length / 3);
    }
  });

  it('draws the page and PDF from the version’s frozen view model; versions from before it from their HTML', async () => {
    const { handout, link } = await linked();
    const [v1] = await db.query(
      `SELECT document, html FROM handout_versions WHERE handout_id = $1 AND number = 1`,
      [handout.id],
    );
    expect(v1.document).toMatchObject({ title: 'Your first days', patientName: 'Maria L.' });
    expect(v1.document.blocks.map((b: { key: string }) => b.key)).toContain('emergency-signs');
    const browser = phone();
    const first = await browser.get(pathOf(link.url)).expect(303);
    const large = await browser.get(`${first.headers.location}?text=large`).expect(200);
    expect(large.text).toMatch(/^<!doctype html>\s*<html lang="en" class="large">/);
    expect(large.text).toContain('<body class="portal">');
    expect(large.text).toMatch(/<nav class="portal-bar"[^>]*>.*Normal text.*Call the clinic/s);

    // A version published before view models were kept: only its HTML.
    await db.query(
      `INSERT INTO handout_versions (handout_id, clinic_id, number, language, title, note, follow_up_date, blocks, document, html, plain_text, reading_grade, content_hash, published_by_id, published_at)
       SELECT handout_id, clinic_id, 2, language, title, note, follow_up_date, blocks, NULL, html, plain_text, reading_grade, 'legacy', published_by_id, now()
         FROM handout_versions WHERE handout_id = $1 AND number = 1`,
      [handout.id],
    );
    await db.query(`UPDATE handouts SET latest_version = 2 WHERE id = $1`, [handout.id]);
    const legacy = await browser.get(`${first.headers.location}?text=large`).expect(200);
    expect(legacy.text).toMatch(/^<!doctype html>\s*<html lang="en" class="large">/);
    expect(legacy.text).toContain('<body class="portal">');
    expect(legacy.text).toMatch(/<nav class="portal-bar"[^>]*>.*Normal text.*Call the clinic/s);
    expect(legacy.text).toContain('<strong class="value">12</strong>');
    const pdf = await browser
      .get(`${first.headers.location}/pdf`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Scan for the latest version');
    expect(text).toContain('Emergency warning signs');
  });

  it('downloads the same version as a PDF, and the clinician sees visits and downloads', async () => {
    const { handout, link, patient } = await linked();
    const browser = phone();
    await browser.get(pathOf(link.url)).expect(303);
    await browser.get(`/p/s/${link.id}`).expect(200);
    await browser.get(`/p/s/${link.id}`).expect(200);
    const pdf = await browser
      .get(`/p/s/${link.id}/pdf`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    // Patient data: the phone keeps no copy in its cache.
    expect(pdf.headers['cache-control']).toBe('no-store');
    expect(pdfText(pdf.body)).toContain('Maria L.');

    // Two opens a moment apart (a reload) are one visit; every request stays in the trail.
    const activity = await lee.agent.get(`/api/handouts/${handout.id}/activity`).expect(200);
    expect(activity.body.summary).toMatchObject({
      opened: 1,
      downloaded: 1,
      lastOpenedAt: expect.any(String),
    });
    expect(activity.body.items.map((i: { action: string }) => i.action)).toEqual(
      expect.arrayContaining([
        'portal.opened',
        'portal.pdf_downloaded',
        'link.issued',
        'handout.published',
      ]),
    );
    // An open half an hour after the last one is a second visit.
    await db.query(
      `INSERT INTO audit_events (at, clinic_id, actor_type, actor_id, action, target_type, target_id, outcome)
       SELECT at + interval '31 minutes', clinic_id, actor_type, actor_id, action, target_type, target_id, outcome
         FROM audit_events WHERE action = 'portal.opened' AND target_id = $1 ORDER BY at DESC LIMIT 1`,
      [link.id],
    );
    const list = await lee.agent.get(`/api/patients/${patient.id}/handouts`).expect(200);
    expect(list.body.items[0]).toMatchObject({ opened: 2, downloaded: 1 });
    const events = await db.query(
      `SELECT actor_type, actor_id, details FROM audit_events WHERE action = 'portal.opened' AND target_id = $1`,
      [link.id],
    );
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ actor_type: 'link', actor_id: link.id });
    expect(JSON.stringify(events)).not.toContain(link.url.split('/p/')[1]);
  });

  it('shows a new version through the same link at once', async () => {
    const { handout, link } = await linked();
    const browser = phone();
    await browser.get(pathOf(link.url));
    await saveDraft(lee, handout.id, {
      title: 'Updated plan',
      blocks: handout.draft.blocks,
      revision: 2,
    }).expect(200);
    await publish(lee, handout.id).expect(201);
    const page = await browser.get(`/p/s/${link.id}`).expect(200);
    expect(page.text).toContain('Updated plan');
    expect(page.text).toContain('Version 2');
  });

  it('asks for the date of birth when the link says so, with one message for any wrong answer', async () => {
    const { link } = await linked({ requireDateOfBirth: true });
    const browser = phone();
    await browser.get(pathOf(link.url)).expect(303);
    const form = await browser.get(`/p/s/${link.id}`).expect(200);
    expect(form.text).toContain('name="dateOfBirth"');
    expect(form.text).not.toContain('Maria');
    await browser.get(`/p/s/${link.id}/pdf`).expect(303);
    const wrong = await browser
      .post(`/p/s/${link.id}/dob`)
      .type('form')
      .send({ dateOfBirth: '1970-01-01' })
      .expect(401);
    expect(wrong.text).toContain(NOT_OPENED);
    const garbage = await browser
      .post(`/p/s/${link.id}/dob`)
      .type('form')
      .send({ dateOfBirth: 'yesterday' })
      .expect(401);
    expect(garbage.text).toContain(NOT_OPENED);
    const right = await browser
      .post(`/p/s/${link.id}/dob`)
      .type('form')
      .send({ dateOfBirth: '1968-03-14' })
      .expect(303);
    expect(right.headers.location).toBe(`/p/s/${link.id}`);
    expect((await browser.get(`/p/s/${link.id}`).expect(200)).text).toContain('Maria L.');
    // Another browser with the same link still has to answer.
    const other = phone();
    await other.get(pathOf(link.url)).expect(303);
    expect((await other.get(`/p/s/${link.id}`).expect(200)).text).toContain('name="dateOfBirth"');
  });

  it('locks the link for 15 minutes after 5 wrong dates of birth', async () => {
    const { link } = await linked({ requireDateOfBirth: true });
    const browser = phone();
    await browser.get(pathOf(link.url)).expect(303);
    for (let i = 0; i < 4; i++)
      await browser
        .post(`/p/s/${link.id}/dob`)
        .type('form')
        .send({ dateOfBirth: `1970-01-0${i + 1}` })
        .expect(401);
    const locked = await browser
      .post(`/p/s/${link.id}/dob`)
      .type('form')
      .send({ dateOfBirth: '1970-01-09' })
      .expect(410);
    expect(locked.text).toContain('paused for 15 minutes');
    expect(locked.text).toContain('+1 555 0100');
    expect(locked.text).not.toContain('Maria');
    await browser
      .post(`/p/s/${link.id}/dob`)
      .type('form')
      .send({ dateOfBirth: '1968-03-14' })
      .expect(410);
    const clock = app.get(Clock);
    const now = clock.now;
    clock.now = () => new Date(Date.now() + 16 * 60_000);
    try {
      await browser
        .post(`/p/s/${link.id}/dob`)
        .type('form')
        .send({ dateOfBirth: '1968-03-14' })
        .expect(303);
    } finally {
      clock.now = now;
    }
    const events = await db.query(
      `SELECT action FROM audit_events WHERE target_id = $1 AND action LIKE 'portal.%' ORDER BY id`,
      [link.id],
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      ...Array(5).fill('portal.dob_failed'),
      'portal.locked',
      'portal.dob_confirmed',
    ]);
  });

  it('evaluates at most 5 answers when 50 arrive at once, refusing the right one sent last', async () => {
    const { link } = await linked({ requireDateOfBirth: true });
    const token = link.url.split('/p/')[1];
    const base = await listeningUrl(app);
    const answers = Array.from({ length: 50 }, (_, i) =>
      i === 49 ? '1968-03-14' : `1970-01-${String((i % 28) + 1).padStart(2, '0')}`,
    );
    const results = await Promise.all(
      answers.map((dateOfBirth) =>
        fetch(`${base}/p/s/${link.id}/dob`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            'X-Forwarded-For': randomAddress(),
            Cookie: `pl_${link.id}=${token}`,
          },
          body: new URLSearchParams({ dateOfBirth }).toString(),
        }).then((r) => r.status),
      ),
    );
    expect(results.filter((s) => s === 303)).toEqual([]);
    expect(results.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    const [{ evaluated }] = await db.query(
      `SELECT count(*)::int AS evaluated FROM audit_events
        WHERE target_id = $1 AND action IN ('portal.dob_failed', 'portal.dob_confirmed')`,
      [link.id],
    );
    expect(evaluated).toBe(5);
  });

  it('locks for longer each time a link is locked again, and tells the clinic', async () => {
    const { handout, link } = await linked({ requireDateOfBirth: true });
    const browser = phone();
    await browser.get(pathOf(link.url)).expect(303);
    const clock = app.get(Clock);
    const now = clock.now;
    const lockOnce = async () => {
      for (let i = 0; i < 5; i++)
        await browser.post(`/p/s/${link.id}/dob`).type('form').send({ dateOfBirth: '1970-01-01' });
    };
    try {
      await lockOnce();
      const first = await db.query(`SELECT locked_until FROM portal_links WHERE id = $1`, [
        link.id,
      ]);
      // After the first lock ends, five more wrong answers lock it for twice as long.
      const later = new Date(first[0].locked_until).getTime() + 1000;
      clock.now = () => new Date(later);
      await lockOnce();
      const second = await db.query(`SELECT locked_until FROM portal_links WHERE id = $1`, [
        link.id,
      ]);
      const minutes = (new Date(second[0].locked_until).getTime() - later) / 60_000;
      expect(Math.round(minutes)).toBe(30);
    } finally {
      clock.now = now;
    }
    const activity = await lee.agent.get(`/api/handouts/${handout.id}/activity`).expect(200);
    const locks = activity.body.items.filter(
      (i: { action: string }) => i.action === 'portal.locked',
    );
    expect(locks).toHaveLength(2);
    const links = await lee.agent.get(`/api/handouts/${handout.id}/links`).expect(200);
    expect(links.body.items[0]).toMatchObject({ id: link.id, state: 'locked', timesLocked: 2 });
  });

  it('answers 410 with the clinic’s phone for expired and revoked links, and 404 for unknown or tampered ones', async () => {
    const expiring = await linked({ expiresInDays: 1 });
    const clock = app.get(Clock);
    const now = clock.now;
    clock.now = () => new Date(Date.now() + 2 * 86_400_000);
    try {
      const expired = await phone().get(pathOf(expiring.link.url)).expect(410);
      expect(expired.text).toContain('This link has expired.');
      expect(expired.text).toContain('+1 555 0100');
      expect(expired.text).not.toContain('Maria');
    } finally {
      clock.now = now;
    }

    const { link } = await linked();
    const browser = phone();
    await browser.get(pathOf(link.url)).expect(303);
    await browser.get(`/p/s/${link.id}`).expect(200);
    await lee.agent.delete(`/api/links/${link.id}`).set('X-CSRF-Token', lee.csrfToken).expect(204);
    const revoked = await browser.get(`/p/s/${link.id}`).expect(410);
    expect(revoked.text).toContain('switched off by your clinic');
    await phone().get(pathOf(link.url)).expect(410);

    const token = link.url.split('/p/')[1];
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const unknown = await phone().get(`/p/${tampered}`).expect(404);
    expect(unknown.text).toContain('This link does not work');
    expect(unknown.text).not.toMatch(/Maria|555 0100|Riverside/);
    expect(unknown.headers['cache-control']).toBe('no-store');
    await phone().get('/p/short').expect(404);
  });

  it('switches off every live link when the patient is archived, audited, and says so', async () => {
    const { patient, handout, link } = await linked();
    const second = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ requireDateOfBirth: false })
      .expect(201);
    const browser = phone();
    await browser.get(pathOf(link.url)).expect(303);
    await browser.get(`/p/s/${link.id}`).expect(200);
    const archived = await lee.agent
      .post(`/api/patients/${patient.id}/archive`)
      .set('X-CSRF-Token', lee.csrfToken)
      .expect(200);
    expect(archived.body).toMatchObject({ archived: true, linksRevoked: 2 });
    expect((await browser.get(`/p/s/${link.id}`).expect(410)).text).toContain(
      'switched off by your clinic',
    );
    await phone().get(pathOf(second.body.url)).expect(410);
    const events = await db.query(
      `SELECT details FROM audit_events WHERE action = 'link.revoked' AND target_id = ANY($1)`,
      [[link.id, second.body.id]],
    );
    expect(events.map((e: { details: { reason: string } }) => e.details.reason)).toEqual([
      'patient archived',
      'patient archived',
    ]);
    const page = await lee.agent.get(`/patients/${patient.id}?archived=2`).expect(200);
    expect(page.text).toContain('Archived. 2 portal links were switched off.');
  });

  it("does not open a link's page with another link's cookie (a token from another handout)", async () => {
    const one = await linked();
    const two = await linked();
    const browser = phone();
    await browser.get(pathOf(one.link.url)).expect(303);
    await browser.get(`/p/s/${two.link.id}`).expect(404);
    const token = one.link.url.split('/p/')[1];
    await request(app.getHttpServer())
      .get(`/p/s/${two.link.id}`)
      .set('Cookie', `pl_${two.link.id}=${token}`)
      .expect(404);
  });

  it('answers a patient’s failed request with a patient page, not a staff one', async () => {
    const browser = phone();
    const missing = await browser
      .get('/p/s/00000000-0000-4000-8000-000000000000/nothing-here')
      .set('Accept', 'text/html')
      .expect(404);
    const tooBig = await browser
      .post('/p/s/00000000-0000-4000-8000-000000000000/dob')
      .type('form')
      .send(`dateOfBirth=${'1'.repeat(3_000_000)}`);
    expect(tooBig.status).toBe(413);
    for (const res of [missing, tooBig]) {
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('Please contact your clinic');
      expect(res.text).not.toMatch(/request id|Back to the start|Sign in|\/login/i);
    }
    expect(missing.text).toContain('This page does not work');
  });

  it('refuses link lifetimes over a year and links to unpublished handouts', async () => {
    const { handout } = await patientWithHandout(lee);
    const unpublished = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({})
      .expect(409);
    expect(unpublished.body.message).toBe('handout: publish a version before issuing a link');
    const tooLong = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ expiresInDays: 400 })
      .expect(400);
    expect(tooLong.body.message).toEqual(['expiresInDays: must not be greater than 365']);
  });

  it('rate-limits guessing per address across the whole token space', async () => {
    const limiter = app.get(PortalRateLimiter);
    const ip = randomAddress();
    for (let i = 0; i < limiter.failureLimit; i++) {
      await phone(ip)
        .get(`/p/${'x'.repeat(42)}${i % 10}`)
        .expect(404);
    }
    const blocked = await phone(ip)
      .get(`/p/${'y'.repeat(43)}`)
      .expect(429);
    expect(blocked.headers['retry-after']).toBe('60');
    const { link } = await linked();
    await phone(ip).get(pathOf(link.url)).expect(429);
    await phone().get(pathOf(link.url)).expect(303);
  });

  it('gives each link a short address to type from a printout, which opens it as the token does', async () => {
    const { handout } = await patientWithHandout(lee, 'Short S.');
    await publish(lee, handout.id).expect(201);
    const link = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ requireDateOfBirth: false })
      .expect(201);
    expect(link.body.shortUrl).toMatch(/^http:\/\/localhost:\d+\/p\/c\/[a-z2-9]{10}$/);
    const code = (link.body.shortUrl as string).split('/p/c/')[1];
    const [row] = await db.query(`SELECT * FROM portal_links WHERE id = $1`, [link.body.id]);
    expect(JSON.stringify(row)).not.toContain(code);

    // Printed: the short address beside the QR code (which carries the full one).
    const printed = await lee.agent
      .post(`/api/links/${link.body.id}/pdf`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ token: link.body.url.split('/p/')[1], code })
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const page1 = pdfText(printed.body, 1).replace(/\s+/g, '');
    expect(page1).toContain(`/p/c/${code}`);
    expect(page1).not.toContain(link.body.url.split('/p/')[1]);
    await lee.agent
      .post(`/api/links/${link.body.id}/pdf`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ token: link.body.url.split('/p/')[1], code: 'abcdefghjk' })
      .expect(400);

    // Typed on a phone: it opens the handout, and its own PDF prints the short address.
    const browser = phone();
    const opened = await browser.get(`/p/c/${code}`).expect(303);
    expect(opened.headers.location).toBe(`/p/s/${link.body.id}`);
    const page = await browser.get(opened.headers.location).expect(200);
    expect(page.text).toContain('Short S.');
    const own = await browser
      .get(`/p/s/${link.body.id}/pdf`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(pdfText(own.body, 1).replace(/\s+/g, '')).toContain(`/p/c/${code}`);

    // A wrong code is an unknown link, counted as a failure like a wrong token.
    await phone().get('/p/c/abcdefghjk').expect(404);
    await phone().get('/p/c/not-a-code').expect(404);
    // Revoked: the short address stops too.
    await lee.agent
      .delete(`/api/links/${link.body.id}`)
      .set('X-CSRF-Token', lee.csrfToken)
      .expect(204);
    await phone().get(`/p/c/${code}`).expect(410);
  });

  it('prints the QR code and short address for the patient and for the clinician, never caching the token', async () => {
    const { handout } = await patientWithHandout(lee, 'Qr Q.');
    await publish(lee, handout.id).expect(201);
    const link = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ requireDateOfBirth: false })
      .expect(201);
    const token = link.body.url.split('/p/')[1] as string;
    const shortUrl = link.body.url.replace(/^https?:\/\//, '');

    const printed = await lee.agent
      .post(`/api/links/${link.body.id}/pdf`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ token })
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const text = pdfText(printed.body).replace(/\s+/g, '');
    expect(text).toContain('Scanforthelatestversion');
    expect(text).toContain(shortUrl.replace(/\s+/g, ''));

    const browser = request.agent(app.getHttpServer());
    await browser.get(`/p/${token}`).expect(303);
    const downloaded = await browser
      .get(`/p/s/${link.body.id}/pdf`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    // On the first page, in its header: never alone on an extra last page.
    expect(pdfText(downloaded.body, 1)).toContain('Scan for the latest version');

    const cached: { bytes: Buffer }[] = await db.query(`SELECT bytes FROM pdf_cache`);
    expect(cached.some((row) => row.bytes.includes(Buffer.from(token)))).toBe(false);

    await lee.agent
      .post(`/api/links/${link.body.id}/pdf`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ token: 'B'.repeat(43) })
      .expect(400);
    await lee.agent
      .delete(`/api/links/${link.body.id}`)
      .set('X-CSRF-Token', lee.csrfToken)
      .expect(204);
    await lee.agent
      .post(`/api/links/${link.body.id}/pdf`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ token })
      .expect(409);
  });
});
