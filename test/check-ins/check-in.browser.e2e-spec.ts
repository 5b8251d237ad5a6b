/// <reference lib="dom" />
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, Page } from 'puppeteer';
import { DataSource } from 'typeorm';
import { createClinic, PASSWORD, signIn, SignedIn, TestClinic } from '../support/factories';
import { launchBrowser, saveArtifacts, seriousA11yViolations, step } from '../support/browser';
import { patientWithHandout, publish } from '../support/handouts';
import { startTestApp } from '../support/test-app';

/**
 * The check-in loop as people meet it: a patient on a 375 px phone with JavaScript off opens
 * the link, sees today's items, checks in twice the same day and ticks an emergency sign; the
 * clinician's list flags the patient and the patient page draws the chart.
 */
describe('checking in from a phone without JavaScript', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let base: string;
  let browser: Browser;
  let clinic: TestClinic;
  let lee: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    db = app.get(DataSource);
    clinic = await createClinic(app);
    lee = await signIn(app, clinic.clinician);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app.close();
  });

  const noSideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('opens the link, checks in twice in a day, raises the emergency advice and the clinician’s flag', async () => {
    const { patient, handout } = await patientWithHandout(lee, 'Rosa Phone');
    await publish(lee, handout.id).expect(201);
    const link = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ requireDateOfBirth: true })
      .expect(201);

    const context = await browser.createBrowserContext();
    const phone = await context.newPage();
    await phone.setJavaScriptEnabled(false);
    await phone.setViewport({ width: 375, height: 740, isMobile: true, hasTouch: true });

    await step(phone, 'check-in-open', async () => {
      await phone.goto(base + new URL(link.body.url).pathname);
      await phone.$eval(
        'input[name="dateOfBirth"]',
        (el) => ((el as HTMLInputElement).value = '1968-03-14'),
      );
      await Promise.all([phone.waitForNavigation(), phone.click('button[type="submit"]')]);
      const heading = await phone.$eval('#today-title', (h) => h.textContent);
      expect(heading).toMatch(/^Today is day 1 of your plan \(\w+day \d+ \w+\)$/);
      const items = await phone.$$eval('.today-items li', (li) => li.map((l) => l.textContent));
      expect(items).toEqual(
        expect.arrayContaining([
          'Cold pack for 15 minutes, at least 2 hours apart',
          '4 walks of 5 minutes',
        ]),
      );
      // Today comes before the document, on the first screen.
      const top = await phone.$eval('#today', (el) => el.getBoundingClientRect().top);
      expect(top).toBeLessThan(300);
      expect(await noSideways(phone)).toBe(true);
      // Eleven pain buttons, each a big enough target.
      const sizes = await phone.$$eval('.pain-choice span', (s) =>
        s.map((el) => {
          const { width, height } = el.getBoundingClientRect();
          return { width, height };
        }),
      );
      expect(sizes).toHaveLength(11);
      for (const box of sizes) expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(40);
      await saveArtifacts(phone, 'check-in-today-375');
    });

    await step(phone, 'check-in-twice', async () => {
      await phone.click('.pain-choice input[value="4"]');
      await phone.click('input[name="done"][value="knee-to-chest"]');
      await phone.type('input[name="walkedMinutes"]', '5');
      await Promise.all([
        phone.waitForNavigation(),
        phone.click('.check-in button[type="submit"]'),
      ]);
      expect(await phone.$eval('.today-saved', (p) => p.textContent)).toMatch(/saved/);
      expect(
        await phone.$eval('.pain-choice input[value="4"]', (i) => (i as HTMLInputElement).checked),
      ).toBe(true);
      await phone.click('.pain-choice input[value="6"]');
      await Promise.all([
        phone.waitForNavigation(),
        phone.click('.check-in button[type="submit"]'),
      ]);
      const rows = await db.query(
        `SELECT pain, done, walked_minutes FROM check_ins WHERE handout_id = $1`,
        [handout.id],
      );
      expect(rows).toEqual([{ pain: 6, done: ['knee-to-chest'], walked_minutes: 5 }]);
      await saveArtifacts(phone, 'check-in-saved-375');
    });

    await step(phone, 'check-in-emergency', async () => {
      await phone.click('input[name="emergencySigns"][value="sign-1"]');
      await Promise.all([
        phone.waitForNavigation(),
        phone.click('.check-in button[type="submit"]'),
      ]);
      const alert = await phone.$eval('.today-emergency', (el) => ({
        text: el.textContent ?? '',
        role: el.getAttribute('role'),
        top: el.getBoundingClientRect().top + window.scrollY,
      }));
      expect(alert.role).toBe('alert');
      expect(alert.text).toMatch(/now, or go to an emergency department/);
      const today = await phone.$eval(
        '#today',
        (el) => el.getBoundingClientRect().top + window.scrollY,
      );
      expect(alert.top).toBeLessThan(today + 40);
      expect(await noSideways(phone)).toBe(true);
      await saveArtifacts(phone, 'check-in-emergency-375');
      // Accessible as drawn (axe needs script: allowed only for the check).
      await phone.setJavaScriptEnabled(true);
      await phone.setBypassCSP(true);
      await phone.reload();
      expect(await seriousA11yViolations(phone)).toEqual([]);
    });

    const staff = await (await browser.createBrowserContext()).newPage();
    await step(staff, 'check-in-clinician', async () => {
      await staff.setViewport({ width: 1024, height: 800 });
      await staff.goto(`${base}/login`);
      await staff.type('#email', clinic.clinician.email);
      await staff.type('#password', PASSWORD);
      await Promise.all([staff.waitForNavigation(), staff.click('button[type="submit"]')]);
      await staff.goto(`${base}/patients?attention=true`);
      const listed = await staff.$$eval('tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
      const row = listed.find((r) => r.includes('Rosa Phone'));
      expect(row).toMatch(/Needs attention: Ticked on day 1: numbness or tingling in both legs/);
      await saveArtifacts(staff, 'check-in-attention-list-1024');
      await staff.setViewport({ width: 1280, height: 900 });
      await staff.goto(`${base}/patients/${patient.id}`);
      const chart = await staff.$eval('.progress-chart svg', (svg) => ({
        role: svg.getAttribute('role'),
        desc: svg.querySelector('desc')?.textContent ?? '',
        width: svg.getBoundingClientRect().width,
      }));
      expect(chart.role).toBe('img');
      expect(chart.desc).toMatch(/day 1 6/);
      expect(chart.width).toBeGreaterThan(200);
      expect(await staff.$eval('.progress-card', (c) => c.textContent)).toMatch(
        /Latest check-in: Day 1 .*pain 6 of 10, 1 exercise done, walked 5 minutes/,
      );
      expect(await seriousA11yViolations(staff)).toEqual([]);
      await saveArtifacts(staff, 'check-in-patient-1280');
      await Promise.all([
        staff.waitForNavigation(),
        staff.click('.attention button[type="submit"]'),
      ]);
      expect(staff.url()).toBe(`${base}/patients/${patient.id}`);
      expect(await staff.$('.attention')).toBeNull();
    });
  });
});
