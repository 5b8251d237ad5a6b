import { HttpException, HttpStatus, Injectable, OnModuleDestroy } from '@nestjs/common';
import { cpus } from 'node:os';
import type { Browser, CDPSession, Page } from 'puppeteer';
import { AppConfig } from '../config/app-config';
import { loggerFor } from '../logging/logger';
import { INSTALL_HINT, locateBrowser } from './browser-locator';
import { PaperSize, withPageRules } from './page-rules';
import { chromiumVersionOf, documentFonts, pdfFingerprint, PRINT_OPTIONS } from './pdf-fingerprint';

export type { PaperSize };

export interface PdfRequest {
  html: string;
  paper: PaperSize;
  /** Printed at the foot of every page with "Page X of Y" (in the document's `<html lang>`). */
  footerText: string;
}

/** What the public health check says of the renderer: nothing about this machine's files. */
export interface RendererStatus {
  status: 'up' | 'idle' | 'unavailable';
  renders: number;
  queued: number;
  message?: string;
}

/** Chromium's flags for a closed, headless server: no sandbox (root in containers), no phoning home. */
export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--mute-audio',
];

/**
 * Chromium as one process (CHROMIUM_SINGLE_PROCESS=true, off by default): the page's renderer
 * and the print compositor run as threads of the browser, saving the print-compositor process
 * each PDF otherwise starts (about a fifth of a render). Chromium does not support this mode,
 * and here every print hung from about 150 s after the browser's launch, busy or idle (seen
 * with prints every 5, 30 and 60 s, and after 200 s idle; never within 120 s, never with the
 * usual processes). So in this mode a browser is replaced once it is SINGLE_PROCESS_MAX_AGE_MS
 * old. Other costs: pages share one renderer thread, so a long document holds up the others,
 * and a crash or a stuck document takes the whole browser.
 */
export function launchArgs(singleProcess: boolean): string[] {
  return singleProcess ? [...LAUNCH_ARGS, '--single-process'] : LAUNCH_ARGS;
}

export const RENDER_TIMEOUT_MS = 20_000;
/** A one-process browser is replaced before it reaches the age at which its prints hung. */
export const SINGLE_PROCESS_MAX_AGE_MS = 100_000;
export const MAX_QUEUE = 32;
/** The browser is replaced after this many renders, to bound its memory. */
export const RECYCLE_AFTER = 400;
/**
 * Every this many renders a page's renderer is told memory is short, so it drops its caches.
 * Measured over 400 renders: PSS held at 400 to 450 MB instead of climbing to about 600, with
 * no change in render time.
 */
export const PURGE_EVERY = 25;

export class RendererUnavailableError extends HttpException {
  constructor(message: string, retryAfterSeconds?: number) {
    super(
      {
        message,
        ...(retryAfterSeconds ? { headers: { 'Retry-After': String(retryAfterSeconds) } } : {}),
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

interface Slot {
  page: Page;
  /** The page's own DevTools session, for printing without Puppeteer's stream transfer. */
  cdp: CDPSession;
  busy: boolean;
}

/**
 * One long-lived Chromium per process with a pool of reused pages (one per CPU). Pages run
 * with JavaScript off and every request aborted except data: URLs; the document's own CSP is a
 * second wall. Renders wait in a bounded queue (503 with Retry-After when full) and time out.
 * If Chromium dies, the renders in flight are retried once on a fresh browser.
 */
@Injectable()
export class PdfRenderer implements OnModuleDestroy {
  private readonly logger = loggerFor(PdfRenderer.name);
  private readonly poolSize = Math.max(2, cpus().length);
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private slots: Slot[] = [];
  private waiters: ((slot: Slot) => void)[] = [];
  private rendersOnBrowser = 0;
  private launchedAt = 0;
  /** Renders allowed to wait for a page; more answer 503. */
  maxQueue = MAX_QUEUE;
  /** Renders per browser before it is replaced. */
  recycleAfter = RECYCLE_AFTER;
  /** How long one render may take before it answers 503. */
  renderTimeoutMs = RENDER_TIMEOUT_MS;
  /** How old a one-process browser may grow before it is replaced. */
  singleProcessMaxAgeMs = SINGLE_PROCESS_MAX_AGE_MS;
  private renders = 0;
  private closed = false;
  readonly executable: string | undefined;
  private readonly singleProcess: boolean;

  constructor(config: AppConfig) {
    this.executable = locateBrowser(config.puppeteerExecutablePath);
    this.singleProcess = config.chromiumSingleProcess;
  }

  private fingerprintValue: string | undefined;

  /**
   * What outside the document shapes this renderer's PDFs (page rules, Chromium, its flags and
   * print options, fonts), as a hash for the PDF cache key. Worked out once, on first use.
   */
  get fingerprint(): string {
    this.fingerprintValue ??= pdfFingerprint({
      pageRules: withPageRules,
      launchArgs: launchArgs(this.singleProcess),
      printOptions: PRINT_OPTIONS,
      chromiumVersion: chromiumVersionOf(this.executable),
      fonts: documentFonts(),
    });
    return this.fingerprintValue;
  }

  status(): RendererStatus {
    if (!this.executable)
      return {
        status: 'unavailable',
        renders: 0,
        queued: 0,
        message: INSTALL_HINT,
      };
    return {
      status: this.browser?.connected ? 'up' : 'idle',
      renders: this.renders,
      queued: this.waiters.length,
    };
  }

  /** The PDF of one document; retried once if the browser dies during the render. */
  async renderPdf(request: PdfRequest): Promise<Buffer> {
    if (!this.executable) throw new RendererUnavailableError(INSTALL_HINT);
    try {
      return await this.renderOnce(request);
    } catch (error) {
      if (!(error instanceof BrowserGoneError)) throw error;
      this.logger.warn('Chromium went away during a render; retrying once on a new browser');
    }
    try {
      return await this.renderOnce(request);
    } catch (error) {
      if (!(error instanceof BrowserGoneError)) throw error;
      throw new RendererUnavailableError('Chromium stopped twice during this PDF. Try again.', 5);
    }
  }

  /** No render waiting and a page free (or no browser yet): background work may start. */
  isIdle(): boolean {
    return (
      !!this.executable &&
      this.waiters.length === 0 &&
      (this.slots.length === 0 || this.slots.some((s) => !s.busy))
    );
  }

  /** The Chromium process id, for fault tests. */
  browserPid(): number | undefined {
    return this.browser?.process()?.pid;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    // A browser still starting (for a background render, say) is closed once it is up.
    await this.launching?.catch(() => undefined);
    await this.closeBrowser();
  }

  private async renderOnce(request: PdfRequest): Promise<Buffer> {
    const slot = await this.acquire();
    if (slot === FAILED_SLOT)
      throw new RendererUnavailableError(
        'Chromium could not start for PDFs. See the server log.',
        10,
      );
    const browser = this.browser;
    let timer: NodeJS.Timeout | undefined;
    const tooLong = new RendererUnavailableError('The PDF took too long to render. Try again.', 5);
    try {
      const render = this.print(slot, request);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(tooLong), this.renderTimeoutMs);
      });
      const pdf = await Promise.race([render, timeout]);
      this.renders++;
      this.rendersOnBrowser++;
      if (this.rendersOnBrowser % PURGE_EVERY === 0)
        void slot.cdp
          .send('Memory.simulatePressureNotification', { level: 'critical' })
          .catch(() => undefined);
      return pdf;
    } catch (error) {
      if (error === tooLong) {
        // A stuck document holds the one renderer every page shares: replace the browser
        // (unless another render already did). Otherwise only this page is in doubt.
        if (this.singleProcess) {
          if (this.browser === browser) this.abandonBrowser();
        } else if (browser?.connected && this.browser === browser) {
          await this.replacePage(slot);
        }
        throw error;
      }
      if (!browser?.connected || this.browser !== browser) throw new BrowserGoneError();
      // A failed page may be in any state: replace it.
      await this.replacePage(slot);
      throw error;
    } finally {
      clearTimeout(timer);
      this.release(slot);
    }
  }

  /**
   * Loads the document, with its paper, margins and footer as CSS page rules, and prints it.
   * Page.printToPDF is called directly so the PDF comes back in the reply (base64) rather than
   * as a stream read in chunks, which page.pdf() does and which costs about 20 ms a document
   * here. No font wait: documents use installed fonts only.
   */
  private async print(slot: Slot, request: PdfRequest): Promise<Buffer> {
    await slot.page.setContent(withPageRules(request.html, request.paper, request.footerText), {
      waitUntil: 'domcontentloaded',
      timeout: 0, // renderOnce times the whole render
    });
    const { data } = await slot.cdp.send('Page.printToPDF', PRINT_OPTIONS);
    return Buffer.from(data, 'base64');
  }

  /** A free page, waiting in the bounded queue when all are busy. */
  private async acquire(): Promise<Slot> {
    if (this.waiters.length >= this.maxQueue) {
      throw new RendererUnavailableError(
        'The PDF renderer is busy. Try again in a few seconds.',
        2,
      );
    }
    const slot = new Promise<Slot>((resolve) => this.waiters.push(resolve));
    await this.pump();
    return slot;
  }

  private release(slot: Slot): void {
    slot.busy = false;
    void this.pump();
  }

  /**
   * Hands free pages to waiting renders. A browser past its render budget takes no new work;
   * once its last render is done it is closed and the next one is launched.
   */
  private async pump(): Promise<void> {
    if (this.waiters.length === 0) return;
    const tooOld =
      this.singleProcess &&
      this.browser !== null &&
      Date.now() - this.launchedAt > this.singleProcessMaxAgeMs;
    const draining = this.rendersOnBrowser >= this.recycleAfter || tooOld;
    if (draining) {
      if (this.slots.some((s) => s.busy)) return;
      this.logger.info({ renders: this.rendersOnBrowser, tooOld }, 'recycling Chromium');
      await this.closeBrowser();
      this.rendersOnBrowser = 0;
    }
    try {
      await this.ensureBrowser();
    } catch (error) {
      const waiting = this.waiters.splice(0);
      this.logger.error({ err: error }, 'Chromium could not start');
      waiting.forEach((resolve) => resolve(FAILED_SLOT));
      return;
    }
    for (const slot of this.slots) {
      if (slot.busy || this.waiters.length === 0) continue;
      slot.busy = true;
      this.waiters.shift()!(slot);
    }
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.browser?.connected) return this.browser;
    if (this.closed) throw new RendererUnavailableError('The renderer is shutting down.');
    this.launching ??= this.launch().finally(() => (this.launching = null));
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    const puppeteer = (await import('puppeteer')).default;
    const browser = await puppeteer.launch({
      executablePath: this.executable,
      headless: true,
      // Over a pipe, Chromium exits when this process does, however it ends (even SIGKILL).
      pipe: true,
      args: launchArgs(this.singleProcess),
      protocolTimeout: RENDER_TIMEOUT_MS * 2,
    });
    if (this.closed) {
      await browser.close().catch(() => undefined);
      throw new RendererUnavailableError('The renderer is shutting down.');
    }
    browser.on('disconnected', () => {
      if (this.browser === browser) {
        this.browser = null;
        this.slots = [];
      }
    });
    const slots: Slot[] = [];
    for (let i = 0; i < this.poolSize; i++)
      slots.push({ ...(await this.newPage(browser)), busy: false });
    if (this.closed) {
      await browser.close().catch(() => undefined);
      throw new RendererUnavailableError('The renderer is shutting down.');
    }
    this.browser = browser;
    this.slots = slots;
    this.rendersOnBrowser = 0;
    this.launchedAt = Date.now();
    this.logger.info(
      { executable: this.executable, pages: this.poolSize, singleProcess: this.singleProcess },
      'Chromium started for PDFs',
    );
    return browser;
  }

  /** A page that runs no script, can fetch nothing but data: URLs, and prints in print media. */
  private async newPage(browser: Browser): Promise<Pick<Slot, 'page' | 'cdp'>> {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.emulateMediaType('print');
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith('data:')) void req.continue();
      else void req.abort('blockedbyclient');
    });
    return { page, cdp: await page.createCDPSession() };
  }

  private async replacePage(slot: Slot): Promise<void> {
    const browser = this.browser;
    if (!browser?.connected) return;
    await slot.page.close().catch(() => undefined);
    Object.assign(slot, await this.newPage(browser));
  }

  /** Kills the browser without waiting for it; renders still on it are retried on a new one. */
  private abandonBrowser(): void {
    const browser = this.browser;
    this.browser = null;
    this.slots = [];
    this.logger.warn('A render took too long; replacing Chromium');
    const pid = browser?.process()?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL'); // its process group: the browser and its helpers
    } catch {
      browser?.process()?.kill('SIGKILL');
    }
  }

  private async closeBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    this.slots = [];
    await browser?.close().catch(() => undefined);
  }
}

/** Handed to waiting renders when Chromium cannot be started at all. */
const FAILED_SLOT = { page: null as unknown as Page, busy: true } as Slot;

class BrowserGoneError extends Error {
  constructor() {
    super('Chromium disconnected');
  }
}
