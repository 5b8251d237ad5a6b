/// <reference lib="dom" />
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page } from 'puppeteer';
import sharp from 'sharp';
import { launchBrowser, saveArtifacts, seriousA11yViolations, step } from '../support/browser';
import { createClinic, PASSWORD, TestClinic } from '../support/factories';
import { startTestApp } from '../support/test-app';

/** The Pictures page in real Chromium: the form uploads, and axe finds nothing serious. */
describe('the Pictures page in a browser', () => {
  let app: NestExpressApplication;
  let base: string;
  let browser: Browser;
  let page: Page;
  let clinic: TestClinic;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    clinic = await createClinic(app);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 768 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app.close();
  });

  it('uploads a picture through the form and shows it, accessibly', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'picture-')), 'exercise.png');
    writeFileSync(
      file,
      await sharp({ create: { width: 300, height: 200, channels: 3, background: '#2a7' } })
        .png()
        .toBuffer(),
    );
    await step(page, 'images-page', async () => {
      await page.goto(`${base}/login?next=/library/images`);
      await page.type('#email', clinic.editor.email);
      await page.type('#password', PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      expect(new URL(page.url()).pathname).toBe('/library/images');
      expect(await seriousA11yViolations(page)).toEqual([]);

      const input = await page.$('#image');
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
      await page.type('#name', 'green-card');
      await page.type('#altText', 'A green card on a white table');
      await Promise.all([
        page.waitForNavigation(),
        page.click('form[enctype="multipart/form-data"] button[type="submit"]'),
      ]);
      expect(new URL(page.url()).pathname).toBe('/library/images');
      expect(await page.content()).toContain('[[image:green-card]]');
      const shown = await page.$eval('td img', (img) => ({
        loaded: (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
        width: (img as HTMLImageElement).width,
      }));
      expect(shown).toEqual({ loaded: true, width: 96 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveArtifacts(page, 'images-page');
    });
  });
});
