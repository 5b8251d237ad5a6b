/// <reference lib="dom" />
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser } from 'puppeteer';
import { launchBrowser, step } from '../support/browser';
import { createClinic, PASSWORD, signIn, SignedIn, TestClinic } from '../support/factories';
import { publish, saveDraft } from '../support/handouts';
import { pdfText } from '../support/pdf';
import { startTestApp } from '../support/test-app';

const PAYLOADS = [
  '<script>alert("xss-1")</script>',
  '<img src=x onerror=alert("xss-2")>',
  '<a href="javascript:alert(\'xss-3\')">click</a>',
  '<svg onload=alert("xss-4")></svg>',
  '{{constructor.constructor("alert(5)")()}}',
  '\u202eevil\u202c \u200bzero\u200bwidth',
];
const ONE_LINE = PAYLOADS.join(' ').slice(0, 110);

/**
 * Stored XSS: hostile text in every field a person types (patient name, title, note, clinic
 * name, block title) is shown as text on every page and in the PDF; nothing runs.
 */
describe('stored XSS payloads stay text', () => {
  let app: NestExpressApplication;
  let base: string;
  let browser: Browser;
  let clinic: TestClinic;
  let admin: SignedIn;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    clinic = await createClinic(app);
    admin = await signIn(app, clinic.admin);
    const send = (method: 'post' | 'put' | 'patch', url: string, body: object, status: number) =>
      admin.agent[method](url).set('X-CSRF-Token', admin.csrfToken).send(body).expect(status);
    await send('patch', '/api/clinic', { name: ONE_LINE.slice(0, 120) }, 200);
    const patient = await send(
      'post',
      '/api/patients',
      { displayName: ONE_LINE, dateOfBirth: '1970-01-01' },
      201,
    );
    ids.patient = patient.body.id;
    const editor = await signIn(app, clinic.editor);
    await editor.agent
      .post('/api/blocks')
      .set('X-CSRF-Token', editor.csrfToken)
      .send({
        key: 'hostile-title',
        category: 'self-care',
        conditions: ['low-back-spasm'],
        title: PAYLOADS[1].slice(0, 120),
        summary: PAYLOADS[0],
        sources: [{ title: PAYLOADS[3], publisher: 'x', year: 2020 }],
        body: 'Plain words only here.',
      })
      .expect(201);
    await editor.agent
      .post('/api/blocks/hostile-title/versions/1/approve')
      .set('X-CSRF-Token', editor.csrfToken)
      .expect(200);
    const handout = await send(
      'post',
      `/api/patients/${ids.patient}/handouts`,
      { templateKey: 'first-72-hours' },
      201,
    );
    ids.handout = handout.body.id;
    await saveDraft(admin, ids.handout, {
      title: ONE_LINE,
      note: PAYLOADS.join('\n\n') + '\n' + 'x'.repeat(1500),
      blocks: [...handout.body.draft.blocks, { key: 'hostile-title' }],
      revision: 1,
    }).expect(200);
    await publish(admin, ids.handout).expect(201);
    const link = await send(
      'post',
      `/api/handouts/${ids.handout}/links`,
      { requireDateOfBirth: false },
      201,
    );
    ids.link = new URL(link.body.url).pathname;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app.close();
  });

  it('runs nothing on any page, staff or patient', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const ran: string[] = [];
    page.on('dialog', (d) => {
      ran.push(d.message());
      void d.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') ran.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (e) => ran.push(`pageerror: ${(e as Error).message}`));
    await step(page, 'xss', async () => {
      await page.goto(`${base}/login`);
      await page.type('#email', clinic.admin.email);
      await page.type('#password', PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      for (const path of [
        '/patients',
        `/patients/${ids.patient}`,
        `/handouts/${ids.handout}`,
        `/handouts/${ids.handout}/versions/1`,
        '/library',
        '/library/hostile-title',
        '/admin/clinic',
        '/admin/audit',
        ids.link,
      ]) {
        await page.goto(base + path);
        await new Promise((r) => setTimeout(r, path.startsWith('/handouts/') ? 1500 : 100));
        const text = await page.evaluate(() => document.body.innerText);
        if (path.includes(ids.patient) || path.endsWith('/versions/1') || path === ids.link) {
          expect({ path, shown: text.includes('<script>alert("xss-1")</script>') }).toEqual({
            path,
            shown: true,
          });
        }
        expect(await page.$$eval('script:not([src])', (s) => s.length)).toBe(0);
      }
    });
    expect(ran).toEqual([]);
    await context.close();
  });

  it('prints the payloads as text in the PDF', async () => {
    const res = await admin.agent
      .get(`/api/handouts/${ids.handout}/versions/1/pdf`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('<script>alert("xss-1")</script>');
    expect(text).toContain('<img src=x onerror=alert("xss-2")>');
  });
});
