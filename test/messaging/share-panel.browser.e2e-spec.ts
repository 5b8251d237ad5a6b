/// <reference lib="dom" />
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, Page } from 'puppeteer';
import { launchBrowser, saveArtifacts, seriousA11yViolations, step } from '../support/browser';
import { createClinic, PASSWORD, signIn, TestClinic } from '../support/factories';
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
 * The builder's share panel as a clinician uses it, at 1280 and 375 pixels: "Send by email" and
 * "Send by text" prefilled from the patient's record, the outcome of each, and the link kept to
 * copy or print when a send fails. Screenshots in test-artifacts/share-panel-*.png.
 */
describe('the share panel sends the link', () => {
  let app: NestExpressApplication;
  let base: string;
  let browser: Browser;
  let mail: MailCatcher;
  let twilio: Awaited<ReturnType<typeof startTwilioStandIn>>;
  let clinic: TestClinic;

  beforeAll(async () => {
    [mail, twilio] = await Promise.all([startMailCatcher(), startTwilioStandIn()]);
    app = await startTestApp({
      SMTP_URL: mail.url,
      SMS_PROVIDER: 'twilio',
      SMS_FROM: '+15005550006',
      SMS_ACCOUNT_SID: TWILIO_SID,
      SMS_AUTH_TOKEN: TWILIO_TOKEN,
      SMS_API_URL: twilio.url,
    });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    clinic = await createClinic(app);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await Promise.all([mail?.close(), twilio?.close()]);
  });

  async function publishedFor(phone: string) {
    const lee = await signIn(app, clinic.clinician);
    const patient = await lee.agent
      .post('/api/patients')
      .set('X-CSRF-Token', lee.csrfToken)
      .send({
        displayName: 'Maria L.',
        dateOfBirth: '1968-03-14',
        email: 'maria.share@example.org',
        phone,
      })
      .expect(201);
    const handout = await lee.agent
      .post(`/api/patients/${patient.body.id}/handouts`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ templateKey: 'first-72-hours' })
      .expect(201);
    await publish(lee, handout.body.id).expect(201);
    return handout.body.id as string;
  }

  /** The outcome lines under the issued link. */
  const outcomesOf = (page: Page) =>
    page.$$eval('#delivery-result li', (items) =>
      items.map((li) => ({
        status: (li as HTMLElement).dataset.status,
        text: li.textContent ?? '',
      })),
    );

  it('prefills the patient’s addresses, sends on a tick, and shows each outcome (1280 and 375 px)', async () => {
    const handoutId = await publishedFor(REFUSED_NUMBER);
    const page = await (await browser.createBrowserContext()).newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${base}/login`);
    await page.type('#email', clinic.clinician.email);
    await page.type('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);

    await step(page, 'share-panel-1280', async () => {
      await page.goto(`${base}/handouts/${handoutId}`);
      await page.click('#share');
      await page.waitForSelector('#publish-panel[open]');
      expect(await page.$eval('#send-email-to', (i) => (i as HTMLInputElement).value)).toBe(
        'maria.share@example.org',
      );
      expect(await page.$eval('#send-sms-to', (i) => (i as HTMLInputElement).value)).toBe(
        REFUSED_NUMBER,
      );
      // Prefilled, not yet chosen: nothing is sent without a tick.
      expect(await page.$eval('#issue-link', (b) => b.textContent)).toBe('Issue link');
      await page.click('#send-email');
      expect(await page.$eval('#issue-link', (b) => b.textContent)).toBe('Issue link and send');
      await page.click('#issue-link');
      await page.waitForSelector('#delivery-result:not([hidden]) li');
      expect(await outcomesOf(page)).toEqual([
        { status: 'sent', text: 'Sent by email to m***@e***.org.' },
      ]);
      // The list of links says it was sent.
      await page.waitForFunction(() =>
        document.querySelector('#link-list li')?.textContent?.includes('sent by email'),
      );
      await saveArtifacts(page, 'share-panel-1280');
      expect(await seriousA11yViolations(page)).toEqual([]);
    });

    await step(page, 'share-panel-375', async () => {
      await page.setViewport({ width: 375, height: 740, isMobile: true });
      await page.goto(`${base}/handouts/${handoutId}`);
      await page.click('#share');
      await page.waitForSelector('#publish-panel[open]');
      await page.click('#send-email');
      await page.click('#send-sms');
      expect(await page.$eval('#issue-link', (b) => b.textContent)).toBe('Issue link and send');
      await page.$eval('#send-to', (f) => f.scrollIntoView());
      await page.screenshot({ path: 'test-artifacts/share-panel-form-375-screen.png' });
      await page.click('#issue-link');
      await page.waitForSelector('#delivery-result:not([hidden]) li');
      expect(await outcomesOf(page)).toEqual([
        { status: 'sent', text: 'Sent by email to m***@e***.org.' },
        {
          status: 'failed',
          text: expect.stringMatching(
            /^Not sent by text message to \+\*{8}0999: HTTP 400: .*The link works: copy it or print it for the patient\.$/,
          ),
        },
      ]);
      // The link is there to copy, print or scan all the same.
      expect(await page.$eval('#link-url', (i) => (i as HTMLInputElement).value)).toMatch(
        /\/p\/[A-Za-z0-9_-]{43}$/,
      );
      expect(await page.$eval('#status', (s) => s.textContent)).toMatch(
        /Not every message was sent/,
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(
        true,
      );
      await page.$eval('#delivery-result', (f) => f.scrollIntoView());
      await page.screenshot({ path: 'test-artifacts/share-panel-375-screen.png' });
    });
    await page.browserContext().close();
  });
});
