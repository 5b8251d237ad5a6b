/// <reference lib="dom" />
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, Page } from 'puppeteer';
import { createClinic, signIn, SignedIn } from '../support/factories';
import { launchBrowser, saveArtifacts, seriousA11yViolations, step } from '../support/browser';
import { patientWithHandout, publish } from '../support/handouts';
import { startTestApp } from '../support/test-app';

/** The patient's page in real Chromium at phone size: readable, accessible, nothing overflowing. */
describe('patient portal in a phone browser', () => {
  let app: NestExpressApplication;
  let base: string;
  let browser: Browser;
  let lee: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    lee = await signIn(app, (await createClinic(app)).clinician);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app.close();
  });

  async function newLink(requireDateOfBirth: boolean) {
    const { handout } = await patientWithHandout(lee, 'Maria L.');
    await publish(lee, handout.id).expect(201);
    const link = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ requireDateOfBirth })
      .expect(201);
    return new URL(link.body.url).pathname;
  }

  async function phonePage(width = 320): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({
      width,
      height: 640,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 1,
    });
    await page.setBypassCSP(true); // only so axe-core can be injected; the page itself runs no script
    return page;
  }

  it('asks for the date of birth, then shows the handout without sideways scrolling, accessibly', async () => {
    const page = await phonePage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await step(page, 'portal-dob', async () => {
      await page.goto(base + (await newLink(true)));
      expect(await page.$('input[name="dateOfBirth"]')).not.toBeNull();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveArtifacts(page, 'portal-dob-320');
      await page.$eval(
        'input[name="dateOfBirth"]',
        (el) => ((el as HTMLInputElement).value = '1970-01-01'),
      );
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      expect(await page.content()).toContain('We could not open the handout with these details');
      // The answer stays, to correct; the form says tries are limited.
      expect(
        await page.$eval('input[name="dateOfBirth"]', (el) => (el as HTMLInputElement).value),
      ).toBe('1970-01-01');
      expect(await page.$eval('#dob-hint', (p) => p.textContent)).toMatch(
        /After 5 wrong tries the link pauses/,
      );
      await page.$eval(
        'input[name="dateOfBirth"]',
        (el) => ((el as HTMLInputElement).value = '1968-03-14'),
      );
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    });
    await step(page, 'portal-page', async () => {
      expect(new URL(page.url()).pathname).toMatch(/^\/p\/s\/[0-9a-f-]{36}$/); // no token left in the address
      expect(await page.$eval('h1', (h) => h.textContent)).toBe(
        'First 72 hours after a back spasm',
      );
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      // No table cell breaks a word into letters to squeeze its column ("Do ne").
      const brokenWords = await page.$$eval('.table-box th, .table-box td', (cells) =>
        cells
          .filter((cell) => {
            const words = (cell.textContent ?? '').trim().split(/\s+/).filter(Boolean);
            const range = document.createRange();
            return words.some((word) => {
              const node = [...Array.from(cell.querySelectorAll('*')), cell]
                .flatMap((el) => Array.from(el.childNodes))
                .find((n) => n.nodeType === 3 && (n.textContent ?? '').includes(word));
              if (!node) return false;
              const at = (node.textContent ?? '').indexOf(word);
              range.setStart(node, at);
              range.setEnd(node, at + word.length);
              return word.length <= 12 && range.getClientRects().length > 1;
            });
          })
          .map((cell) => (cell.textContent ?? '').trim()),
      );
      expect(brokenWords).toEqual([]);
      // Every figure fits the column, is drawn (has a height), and is named for screen readers.
      const figures = await page.$$eval('figure.figure svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            fits: box.left >= 0 && box.right <= document.documentElement.clientWidth,
            drawn: box.height > 20,
            role: svg.getAttribute('role'),
            named: (svg.getAttribute('aria-label') ?? '').length > 20,
          };
        }),
      );
      expect(figures.length).toBeGreaterThanOrEqual(5);
      for (const figure of figures)
        expect(figure).toEqual({ fits: true, drawn: true, role: 'img', named: true });
      const fontSize = await page.$eval('.block p', (p) =>
        parseFloat(getComputedStyle(p).fontSize),
      );
      expect(fontSize).toBeGreaterThanOrEqual(16);
      expect(await seriousA11yViolations(page)).toEqual([]);
      const bar = await page.$$eval('.portal-bar a', (links) => links.map((a) => a.textContent));
      expect(bar).toEqual(['Download PDF', 'Print', 'Larger text', 'Call the clinic']);
      await saveArtifacts(page, 'portal-page-320');
      await Promise.all([
        page.waitForNavigation(),
        page.click('.portal-bar a[href*="text=large"]'),
      ]);
      const larger = await page.$eval('.block p', (p) => parseFloat(getComputedStyle(p).fontSize));
      expect(larger).toBeGreaterThan(fontSize);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
    });
    expect(dialogs).toEqual([]);
  });

  it('puts the clinic’s header above the text column on a desktop screen', async () => {
    const page = await phonePage(1400);
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(base + (await newLink(false)));
    const box = await page.evaluate(() => {
      const rect = (sel: string) => {
        const r = document.querySelector(sel)!.getBoundingClientRect();
        return { left: r.left, right: r.right };
      };
      return { header: rect('.doc-header'), main: rect('.doc-main') };
    });
    expect(Math.abs(box.header.left - box.main.left)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.header.right - box.main.right)).toBeLessThanOrEqual(2);
    await saveArtifacts(page, 'portal-page-1400');
  });

  it('shows link errors plainly and accessibly', async () => {
    const page = await phonePage(360);
    await step(page, 'portal-error', async () => {
      const res = await page.goto(`${base}/p/${'z'.repeat(43)}`);
      expect(res?.status()).toBe(404);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveArtifacts(page, 'portal-error-360');
    });
  });
});
