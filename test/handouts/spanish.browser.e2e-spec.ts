/// <reference lib="dom" />
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, Page } from 'puppeteer';
import { createClinic, signIn, SignedIn, TestClinic } from '../support/factories';
import { launchBrowser, saveArtifacts, seriousA11yViolations, step } from '../support/browser';
import { publish } from '../support/handouts';
import { startTestApp } from '../support/test-app';

/**
 * A Spanish-speaking patient on a 375 px phone: the date-of-birth form, today's plan, the
 * check-in and the document in Spanish, `lang="es"` on the page, no sideways scrolling, and
 * no serious accessibility violation (axe).
 */
describe('the portal in Spanish on a phone', () => {
  let app: NestExpressApplication;
  let base: string;
  let browser: Browser;
  let clinic: TestClinic;
  let lee: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
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

  it('reads in Spanish from the date of birth to the check-in, accessibly', async () => {
    const post = (path: string, body: object) =>
      lee.agent.post(path).set('X-CSRF-Token', lee.csrfToken).send(body);
    const patient = await post('/api/patients', {
      displayName: 'Rosa Teléfono',
      dateOfBirth: '1968-03-14',
      language: 'es',
    }).expect(201);
    const handout = await post(`/api/patients/${patient.body.id}/handouts`, {
      templateKey: 'first-72-hours',
    }).expect(201);
    await publish(lee, handout.body.id).expect(201);
    const link = await post(`/api/handouts/${handout.body.id}/links`, {
      requireDateOfBirth: true,
    }).expect(201);

    const phone = await (await browser.createBrowserContext()).newPage();
    await phone.setViewport({ width: 375, height: 740, isMobile: true, hasTouch: true });

    await step(phone, 'spanish-dob', async () => {
      await phone.goto(base + new URL(link.body.url).pathname);
      expect(await phone.$eval('html', (h) => h.lang)).toBe('es');
      expect(await phone.$eval('h1', (h) => h.textContent)).toMatch(/Su hoja de indicaciones/);
      expect(await noSideways(phone)).toBe(true);
      await saveArtifacts(phone, 'spanish-dob-375');
      expect(await seriousA11yViolations(phone)).toEqual([]);
      await phone.$eval(
        'input[name="dateOfBirth"]',
        (el) => ((el as HTMLInputElement).value = '1968-03-14'),
      );
      await Promise.all([phone.waitForNavigation(), phone.click('button[type="submit"]')]);
    });

    await step(phone, 'spanish-page', async () => {
      expect(await phone.$eval('html', (h) => h.lang)).toBe('es');
      expect(await phone.$eval('#today-title', (h) => h.textContent)).toMatch(
        /^Hoy es el día 1 de su plan \(/,
      );
      const bar = await phone.$$eval('.portal-bar a, .portal-bar button', (els) =>
        els.map((e) => e.textContent?.trim()),
      );
      expect(bar).toEqual(
        expect.arrayContaining(['Descargar PDF', 'Imprimir', 'Letra más grande']),
      );
      const warning = await phone.$eval('#block-emergency-signs', (el) => el.textContent ?? '');
      expect(warning).toMatch(/Llame al/);
      expect(await noSideways(phone)).toBe(true);
      await saveArtifacts(phone, 'spanish-today-375');
      expect(await seriousA11yViolations(phone)).toEqual([]);
    });

    await step(phone, 'spanish-check-in', async () => {
      await phone.click('.pain-choice input[value="3"]');
      await Promise.all([
        phone.waitForNavigation(),
        phone.click('.check-in button[type="submit"]'),
      ]);
      expect(await phone.$eval('.today-saved', (p) => p.textContent)).toMatch(
        /Su registro de hoy está guardado/,
      );
      await saveArtifacts(phone, 'spanish-saved-375');
    });
  });
});
