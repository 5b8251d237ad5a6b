/// <reference lib="dom" />
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, BrowserContext, Page } from 'puppeteer';
import { launchBrowser, saveArtifacts, savePdfArtifact, step } from '../support/browser';
import { createClinic, PASSWORD, TestClinic } from '../support/factories';
import { pdfInfo, pdfText } from '../support/pdf';
import { startTestApp } from '../support/test-app';

/**
 * A clinic's day as people live it, in real Chromium against the real server and PostgreSQL:
 * a clinician builds, publishes and shares a handout; the patient opens it on a phone; the
 * clinician sees it was opened, the admin sees every step, and version 2 follows.
 */
describe('journey: from a new patient to a handout read on a phone', () => {
  let app: NestExpressApplication;
  let base: string;
  let browser: Browser;
  let clinic: TestClinic;
  let clinicianContext: BrowserContext;
  let lee: Page;
  const state: { handoutUrl?: string; linkUrl?: string; v1Pdf?: Buffer; handoutId?: string } = {};

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    clinic = await createClinic(app, 'Riverside Physiotherapy');
    browser = await launchBrowser();
    clinicianContext = await browser.createBrowserContext();
    lee = await clinicianContext.newPage();
    await lee.setViewport({ width: 1366, height: 768 });
    lee.on('dialog', (d) => void d.dismiss());
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app.close();
  });

  async function signInAs(page: Page, email: string) {
    await page.goto(`${base}/login`);
    await page.type('#email', email);
    await page.type('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  }

  /** Fetches a URL with the page's cookies, as a click on the PDF link would. */
  async function download(page: Page, url: string): Promise<Buffer> {
    const cookies = await page.cookies(url);
    const res = await fetch(url, {
      headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    return Buffer.from(await res.arrayBuffer());
  }

  const waitForStatus = (page: Page, pattern: RegExp) =>
    page.waitForFunction(
      (source) => new RegExp(source).test(document.getElementById('status')?.textContent ?? ''),
      { timeout: 15_000 },
      pattern.source,
    );

  it('1. the clinician builds, personalises, publishes, shares and prints a handout', async () => {
    await step(lee, 'journey-1-build', async () => {
      await signInAs(lee, clinic.clinician.email);
      await lee.goto(`${base}/patients/new`);
      await lee.type('#displayName', 'Maria L.');
      await lee.$eval('#dateOfBirth', (el) => ((el as HTMLInputElement).value = '1968-03-14'));
      await Promise.all([lee.waitForNavigation(), lee.click('form.card button[type="submit"]')]);
      await lee.select('#templateKey', 'first-72-hours');
      const previewLoads: string[] = [];
      const countPreview = (r: { url(): string }) => {
        if (/^\/handouts\/[^/]+\/preview/.test(new URL(r.url()).pathname))
          previewLoads.push(r.url());
      };
      lee.on('request', countPreview);
      await Promise.all([lee.waitForNavigation(), lee.click('.new-handout button')]);
      state.handoutUrl = lee.url();
      state.handoutId = state.handoutUrl.split('/').pop();
      await lee.waitForSelector('#p-cold-pack-minutes');
      const chips = await lee.$$eval('.chip[data-category]', (els) =>
        els.map((e) => e.textContent),
      );
      expect(chips).toEqual(expect.arrayContaining(['Warning signs', 'Treatment options']));
      await lee.waitForFunction(() =>
        /Reading grade/.test(document.getElementById('preview-facts')?.textContent ?? ''),
      );
      lee.off('request', countPreview);
      expect(previewLoads).toHaveLength(1); // the frame loads once on opening, not twice

      const setValue = async (selector: string, value: string) => {
        await lee.click(selector, { count: 3 });
        await lee.type(selector, value);
      };
      await setValue('#p-cold-pack-minutes', '25'); // out of bounds: marked at once, not saved
      await lee.waitForFunction(
        () =>
          document.getElementById('p-cold-pack-minutes-error')?.textContent ===
          'Must be between 5 and 20',
      );
      await setValue('#p-cold-pack-minutes', '12');
      await setValue('#p-walking-plan-walk-minutes', '8');
      await lee.type('#note', 'Maria, use the cold pack for two days, then heat.');

      // Move "Heat" above "Cold packs" with the keyboard.
      const order = () =>
        lee.$$eval('#block-list > li', (items) =>
          items.map((li) => (li as HTMLElement).dataset.key),
        );
      const before = await order();
      await lee.focus('li[data-key="heat"] button[data-action="up"]');
      await lee.keyboard.press('Enter');
      const after = await order();
      expect(after.indexOf('heat')).toBe(before.indexOf('heat') - 1);
      expect(
        await lee.evaluate(() => (document.activeElement as HTMLElement)?.dataset.action),
      ).toBe('up');

      await waitForStatus(lee, /Draft saved/);
      await lee.waitForFunction(
        () =>
          (
            document.getElementById('preview') as HTMLIFrameElement
          ).contentDocument?.body?.textContent?.includes('two days, then heat'),
        { timeout: 15_000 },
      );
      const preview = await lee.evaluate(
        () =>
          (document.getElementById('preview') as HTMLIFrameElement).contentDocument!.body.innerText,
      );
      expect(preview).toMatch(/Hold it on the sore spot for 12 minutes/);
      await saveArtifacts(lee, 'journey-builder');

      // One next-visit date: the handout's, which the "Your next visit" block reads.
      await lee.$eval('#follow-up', (el) => {
        (el as HTMLInputElement).value = '2027-01-12';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await waitForStatus(lee, /Draft saved/);

      // A value marked invalid after the last save: Publish refuses and says which one.
      await setValue('#p-cold-pack-minutes', '45');
      await lee.click('#publish');
      await waitForStatus(lee, /Not published: fix “Cold packs in the first few days: .*” first/);
      expect(await lee.evaluate(() => document.activeElement?.id)).toBe('p-cold-pack-minutes');
      const unpublished = await lee.evaluate(
        (id) => fetch(`/api/handouts/${id}`).then((r) => r.json()),
        state.handoutId!,
      );
      expect(unpublished.versions).toEqual([]);
      await setValue('#p-cold-pack-minutes', '12');
      await waitForStatus(lee, /Draft saved/);

      await lee.click('#publish');
      await waitForStatus(lee, /Version 1 published/);
      await lee.waitForSelector('#publish-panel[open]');
      // No empty link box nor a dead "Print with this QR code" before a link exists.
      expect(await lee.$eval('#link-result', (el) => getComputedStyle(el).display)).toBe('none');
      await lee.click('#link-dob'); // the clinic default may be on already; make sure it is on
      if (!(await lee.$eval('#link-dob', (el) => (el as HTMLInputElement).checked)))
        await lee.click('#link-dob');
      await lee.click('#link-form button[type="submit"]');
      await lee.waitForSelector('#link-result:not([hidden])');
      // The link is made from PUBLIC_URL; this test server listens on another port.
      const issued = await lee.$eval('#link-url', (el) => (el as HTMLInputElement).value);
      state.linkUrl = base + new URL(issued).pathname;
      expect(state.linkUrl).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
      expect(await lee.$('#link-qr svg')).not.toBeNull();
      await saveArtifacts(lee, 'journey-published');

      const pdfHref = await lee.$eval('#print-pdf', (a) => (a as HTMLAnchorElement).href);
      state.v1Pdf = await download(lee, pdfHref);
      savePdfArtifact(state.v1Pdf, 'journey-printout');
      const text = pdfText(state.v1Pdf);
      expect(text).toContain('Maria L.');
      expect(text).toMatch(/12 minutes/);
      expect(text).toMatch(/8 minutes/);
      expect(text).toContain('Emergency warning signs');
      expect(text).toMatch(/loss of feeling between your legs/i);
      const visits = text
        .replace(/\s+/g, ' ')
        .match(/(?:next visit:|Date:) (\w+day, \d+ \w+ \d{4})/g);
      expect(visits).toEqual([
        'next visit: Tuesday, 12 January 2027',
        'Date: Tuesday, 12 January 2027',
      ]);
      // The printout for the patient's link carries its QR code on page 1, not on a page alone.
      const withQr = await lee.evaluate(
        async (handoutId, token) => {
          const me = await (await fetch('/api/auth/me')).json();
          const links = await (await fetch(`/api/handouts/${handoutId}/links`)).json();
          const res = await fetch(`/api/links/${links.items[0].id}/pdf`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
            body: JSON.stringify({ token }),
          });
          return Array.from(new Uint8Array(await res.arrayBuffer()));
        },
        state.handoutId!,
        new URL(state.linkUrl!).pathname.split('/p/')[1],
      );
      const qrPdf = Buffer.from(withQr);
      expect(pdfText(qrPdf, 1)).toContain('Scan for the latest version');
      savePdfArtifact(qrPdf, 'journey-printout-qr');
      // The builder's page estimate ("about N pages") is within a page of the printout. It
      // measures the screen layout, so a page that print fills to its last line can go either
      // way: the plan's dates change with the day the test runs (12 estimated for 13 printed
      // on some days).
      await lee.waitForFunction(
        () => document.getElementById('preview-facts')?.textContent?.includes('printed'),
        { timeout: 15_000 },
      );
      const estimate = await lee.$eval('#preview-facts', (el) => el.textContent ?? '');
      const estimated = Number(/about (\d+) pages? printed/.exec(estimate)?.[1]);
      const printed = Number(pdfInfo(state.v1Pdf).Pages);
      expect(Math.abs(estimated - printed)).toBeLessThanOrEqual(1);
    });
  });

  it('2. the patient opens the link on a phone, confirms the date of birth, reads and downloads', async () => {
    const context = await browser.createBrowserContext();
    const phone = await context.newPage();
    await phone.setViewport({ width: 375, height: 700, isMobile: true, hasTouch: true });
    await step(phone, 'journey-2-patient', async () => {
      await phone.goto(state.linkUrl!);
      expect(new URL(phone.url()).pathname).not.toContain(
        new URL(state.linkUrl!).pathname.split('/p/')[1],
      );
      await phone.$eval('#dateOfBirth', (el) => ((el as HTMLInputElement).value = '1969-03-14'));
      await Promise.all([phone.waitForNavigation(), phone.click('button[type="submit"]')]);
      expect(await phone.content()).toContain('We could not open the handout');
      await phone.$eval('#dateOfBirth', (el) => ((el as HTMLInputElement).value = '1968-03-14'));
      await Promise.all([phone.waitForNavigation(), phone.click('button[type="submit"]')]);
      const text = await phone.evaluate(() => document.body.innerText);
      expect(text).toContain('For Maria L.');
      expect(text).toMatch(/Hold it on the sore spot for 12 minutes/);
      expect(text).toContain('use the cold pack for two days');
      await saveArtifacts(phone, 'journey-patient-phone');
      const href = await phone.$eval('.portal-bar a.primary', (a) => (a as HTMLAnchorElement).href);
      const pdf = await download(phone, href);
      expect(pdfText(pdf)).toContain('Maria L.');
      // Larger text on a 375 px phone: no sideways scrolling.
      await Promise.all([
        phone.waitForNavigation(),
        phone.click('.portal-bar a[href*="text=large"]'),
      ]);
      expect(
        await phone.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
      // A mistyped portal address: a patient's page, not a staff one.
      await phone.goto(`${new URL(phone.url()).origin}${new URL(phone.url()).pathname}/nothing`);
      const lost = await phone.evaluate(() => document.body.innerText);
      expect(lost).toContain('This page does not work');
      expect(lost).not.toMatch(/Request id|Sign in/i);
    });
    await context.close();
  });

  it('3. the clinician sees the handout opened; the admin sees each step in the audit trail', async () => {
    await step(lee, 'journey-3-opened', async () => {
      await lee.goto(state.handoutUrl!.replace(/\/handouts\/.*/, '/patients'));
      await Promise.all([lee.waitForNavigation(), lee.click('table a')]);
      const row = await lee.$eval('.handout-list tbody tr', (tr) => (tr as HTMLElement).innerText);
      expect(row).toMatch(/Version 1 published/);
      expect(row).toMatch(/1 visit, last .* PDF downloaded/);
    });
    const adminContext = await browser.createBrowserContext();
    const admin = await adminContext.newPage();
    await step(admin, 'journey-3-audit', async () => {
      await signInAs(admin, clinic.admin.email);
      await admin.goto(`${base}/admin/audit`);
      const actions = await admin.$$eval('tbody tr td:nth-child(2) code', (cells) =>
        cells.map((c) => c.textContent),
      );
      for (const action of [
        'auth.sign_in',
        'patient.created',
        'handout.created',
        'handout.published',
        'link.issued',
        'portal.dob_failed',
        'portal.dob_confirmed',
        'portal.opened',
        'portal.pdf_downloaded',
      ]) {
        expect(actions).toContain(action);
      }
      await saveArtifacts(admin, 'journey-audit');
    });
    await adminContext.close();
  });

  it('4. version 2 reaches the same link; version 1’s PDF stays byte for byte the same', async () => {
    await step(lee, 'journey-4-v2', async () => {
      await lee.goto(state.handoutUrl!);
      await lee.waitForSelector('#title');
      await lee.click('#title', { count: 3 });
      await lee.type('#title', 'Your back: the plan from today');
      await waitForStatus(lee, /Draft saved/);
      await lee.click('#publish');
      await waitForStatus(lee, /Version 2 published/);
      // The panel says a live link exists (it shows version 2), with its state and last open.
      await lee.waitForSelector('#publish-panel[open] #link-list li');
      expect(await lee.$eval('#links-live-note', (el) => (el as HTMLElement).hidden)).toBe(false);
      const links = await lee.$$eval('#link-list li', (items) =>
        items.map((li) => (li as HTMLElement).innerText),
      );
      expect(links).toEqual([expect.stringMatching(/^Live · made .* · last opened .*Revoke$/)]);
      await saveArtifacts(lee, 'journey-links');
      await lee.click('#publish-panel form[method="dialog"] button');
      const v1 = await download(lee, `${base}/api/handouts/${state.handoutId}/versions/1/pdf`);
      expect(Buffer.compare(v1, state.v1Pdf!)).toBe(0);
    });
    const context = await browser.createBrowserContext();
    const phone = await context.newPage();
    await step(phone, 'journey-4-patient', async () => {
      await phone.goto(state.linkUrl!);
      await phone.$eval('#dateOfBirth', (el) => ((el as HTMLInputElement).value = '1968-03-14'));
      await Promise.all([phone.waitForNavigation(), phone.click('button[type="submit"]')]);
      expect(await phone.$eval('h1', (h) => h.textContent)).toBe('Your back: the plan from today');
    });
    // The clinician revokes the link from the handout's page; the phone is refused at once.
    await step(lee, 'journey-4-revoke', async () => {
      // Opening the panel reloads the list: click Revoke on the fresh one, not on the old.
      await lee.$$eval('#link-list li', (items) =>
        items.forEach((li) => ((li as HTMLElement).dataset.old = 'yes')),
      );
      await lee.click('#share');
      await lee.waitForSelector('#publish-panel[open] #link-list li:not([data-old]) button');
      await lee.click('#link-list li:not([data-old]) button');
      await lee.waitForFunction(() =>
        /^Revoked · /.test(
          (document.querySelector('#link-list li') as HTMLElement | null)?.innerText ?? '',
        ),
      );
      expect(await lee.$eval('#links-live-note', (el) => (el as HTMLElement).hidden)).toBe(true);
      const refused = await phone.goto(phone.url());
      expect(refused?.status()).toBe(410);
    });
    await context.close();
  });

  it('5. on a 1024 × 768 tablet the handout and its preview stay side by side', async () => {
    await step(lee, 'journey-5-tablet', async () => {
      await lee.setViewport({ width: 1024, height: 768 });
      await lee.goto(state.handoutUrl!);
      await lee.waitForSelector('#block-list li');
      const boxes = await lee.evaluate(() => {
        const box = (sel: string) => {
          const r = document.querySelector(sel)!.getBoundingClientRect();
          return { top: r.top, left: r.left, right: r.right };
        };
        return { doc: box('.doc-col'), preview: box('.preview-col'), publish: box('#publish') };
      });
      expect(boxes.doc.top).toBeLessThan(768);
      expect(Math.abs(boxes.preview.top - boxes.doc.top)).toBeLessThan(2);
      expect(boxes.preview.left).toBeGreaterThan(boxes.doc.right - 1);
      await saveArtifacts(lee, 'journey-builder-1024');
      // At 768 wide the actions still fit on one line.
      await lee.setViewport({ width: 768, height: 1024 });
      const publishLines = await lee.$eval('#publish', (b) => b.getClientRects().length);
      const height = await lee.$eval('#publish', (b) => b.getBoundingClientRect().height);
      const line = await lee.$eval('#publish', (b) => parseFloat(getComputedStyle(b).lineHeight));
      expect(publishLines).toBe(1);
      expect(height).toBeLessThan(line * 2 + 20);
    });
  });

  it('6. removing a block keeps focus in the list, says so once and can be undone; a half-typed date is named', async () => {
    await step(lee, 'journey-6-remove', async () => {
      await lee.setViewport({ width: 1366, height: 768 });
      await lee.goto(state.handoutUrl!);
      await lee.waitForSelector('#block-list li');
      const keys = () =>
        lee.$$eval('#block-list > li', (items) =>
          items.map((li) => (li as HTMLElement).dataset.key),
        );
      const before = await keys();
      await lee.focus(`li[data-key="${before[1]}"] button[data-action="remove"]`);
      await lee.keyboard.press('Enter');
      expect(await keys()).toEqual([before[0], ...before.slice(2)]);
      // Focus moves to the next block's Remove button, not to the page.
      expect(
        await lee.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          return { action: el.dataset.action, key: el.closest('li')?.dataset.key };
        }),
      ).toEqual({ action: 'remove', key: before[2] });
      expect(await lee.$eval('#announce', (el) => el.textContent)).toMatch(/^Removed “.+”\./);
      await waitForStatus(lee, /Draft saved/);
      await saveArtifacts(lee, 'journey-remove-undo');
      expect(await lee.$eval('#announce', (el) => el.textContent)).toMatch(/^Removed “.+”\./);
      await lee.click('#undo');
      expect(await keys()).toEqual(before);
      expect(await lee.$eval('#undo-bar', (el) => (el as HTMLElement).hidden)).toBe(true);
      await waitForStatus(lee, /Draft saved/);

      // A date typed only in part is not dropped without a word.
      await lee.$eval('#follow-up', (el) => ((el as HTMLInputElement).value = ''));
      await lee.click('#follow-up');
      await lee.keyboard.type('12');
      await lee.keyboard.press('Tab');
      await lee.waitForFunction(
        () => document.getElementById('follow-up-error')?.textContent !== '',
      );
      expect(await lee.$eval('#follow-up-error', (el) => el.textContent)).toMatch(
        /Enter the whole date/,
      );
      expect(
        await lee.$eval(
          '#follow-up',
          (el) => (el as HTMLInputElement).getBoundingClientRect().width,
        ),
      ).toBeGreaterThanOrEqual(180);
    });
  });
});
