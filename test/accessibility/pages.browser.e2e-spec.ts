/// <reference lib="dom" />
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, Page } from 'puppeteer';
import { launchBrowser, saveArtifacts, seriousA11yViolations, step } from '../support/browser';
import { createClinic, PASSWORD, signIn, TestClinic } from '../support/factories';
import { patientWithHandout } from '../support/handouts';
import { startTestApp } from '../support/test-app';

/** axe-core in real Chromium on every kind of staff page: no serious or critical violations. */
describe('accessibility of the staff pages', () => {
  let app: NestExpressApplication;
  let base: string;
  let browser: Browser;
  let page: Page;
  let clinic: TestClinic;
  let patientId: string;
  let handoutId: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    clinic = await createClinic(app);
    const { patient, handout } = await patientWithHandout(await signIn(app, clinic.clinician));
    patientId = patient.id;
    handoutId = handout.id;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 768 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app.close();
  });

  it('sign-in page', async () => {
    await step(page, 'a11y-login', async () => {
      await page.goto(`${base}/login`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.type('#email', clinic.admin.email);
      await page.type('#password', PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    });
  });

  const pages = () => [
    ['patients', '/patients'],
    ['new patient', '/patients/new'],
    ['patient', `/patients/${patientId}`],
    ['builder', `/handouts/${handoutId}`],
    ['library', '/library'],
    ['block', '/library/knee-to-chest'],
    ['block editor', '/library/new?from=heat'],
    ['users', '/admin/users'],
    ['clinic settings', '/admin/clinic'],
    ['audit trail', '/admin/audit'],
    ['API keys', '/admin/api-keys'],
    ['error page', '/patients/00000000-0000-4000-8000-000000000000'],
  ];

  it.each(Array.from({ length: 12 }, (_, i) => i))('staff page #%i', async (i) => {
    const [name, path] = pages()[i];
    await step(page, `a11y-${name.replace(/ /g, '-')}`, async () => {
      await page.goto(base + path);
      if (name === 'builder') await page.waitForSelector('#block-list li');
      expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({
        page: name,
        violations: [],
      });
      // Keyboard: the first Tab lands on the skip link, then on a real control.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
        'Skip to content',
      );
      if (name === 'builder' || name === 'patient') await saveArtifacts(page, `a11y-${name}`);
    });
  });
});
