import { NestExpressApplication } from '@nestjs/platform-express';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { HandoutPdfService } from '../../src/handouts/handout-pdf.service';
import { HandoutRenderer } from '../../src/rendering/handout-renderer.service';
import { PdfRenderer } from '../../src/rendering/pdf-renderer.service';
import { createClinic, signIn, SignedIn } from '../support/factories';
import { patientWithHandout, publish, saveDraft } from '../support/handouts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';
import { FIGURE_SET } from '../../src/figures/figure-set';
import { binary, pdfAltTexts, pdfFonts, pdfInfo, pdfStructure, pdfText } from '../support/pdf';
import { startTestApp } from '../support/test-app';

/** PDFs printed by real Chromium from published versions. */
describe('handout PDFs', () => {
  let app: NestExpressApplication;
  let lee: SignedIn;
  let trap: Server;
  let trapHits = 0;
  let trapUrl = '';

  beforeAll(async () => {
    app = await startTestApp();
    // These tests time and count renders of their own: no background renders after publishing.
    app.get(HandoutPdfService).prerenderOnPublish = false;
    lee = await signIn(app, (await createClinic(app)).clinician);
    // A server on loopback that no rendered document may ever reach.
    trap = createServer((_req, res) => {
      trapHits++;
      res.end('x');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    trap.close();
    await app.close();
  });

  const getPdf = (path: string) =>
    lee.agent
      .get(path)
      .buffer(true)
      .parse(binary as never);

  async function published(name: string, note: string, title = 'Your first days') {
    const { handout } = await patientWithHandout(lee, name);
    const blocks = handout.draft.blocks.map((b: { key: string }) =>
      b.key === 'cold-pack'
        ? { key: b.key, params: { minutes: 12 } }
        : b.key === 'walking-plan'
          ? { key: b.key, params: { 'walk-minutes': 7 } }
          : b,
    );
    await saveDraft(lee, handout.id, { title, note, blocks, revision: 1 }).expect(200);
    await publish(lee, handout.id).expect(201);
    return handout.id as string;
  }

  it('draws every figure of the handout as a tagged Figure with its text alternative, in a small file', async () => {
    const { handout } = await patientWithHandout(lee, 'Figure Reader');
    await publish(lee, handout.id).expect(201);
    // The figures the handout's blocks place, from the starter library's files.
    const figureNames = handout.draft.blocks.flatMap((b: { key: string }) =>
      [
        ...readFileSync(
          join(PROJECT_ROOT, 'src', 'library', 'starter', 'blocks', `${b.key}.md`),
          'utf8',
        ).matchAll(/^\[\[figure:([a-z0-9-]+)\]\]$/gm),
      ].map((m) => m[1]),
    );
    expect(figureNames.length).toBeGreaterThanOrEqual(3);
    const res = await getPdf(`/api/handouts/${handout.id}/versions/1/pdf`).expect(200);
    const pdf = res.body as Buffer;
    const alts = pdfAltTexts(pdf);
    for (const name of figureNames) {
      const figure = FIGURE_SET.find((f) => f.name === name)!;
      expect(alts).toContain(figure.alt);
    }
    // One Figure element per picture (and the QR code's), each with its caption beside it.
    const structure = pdfStructure(pdf);
    expect((structure.match(/^\s*Figure\b/gm) ?? []).length).toBeGreaterThanOrEqual(
      figureNames.length,
    );
    expect(pdfText(pdf)).toContain(FIGURE_SET.find((f) => f.name === figureNames[0])!.caption);
    // Drawn as paths, not pictures: the whole handout stays small.
    expect(pdf.length).toBeLessThan(400 * 1024);
  });

  it('prints the version with the patient, the personal values and the warning signs, as a tagged PDF', async () => {
    const id = await published('Maria L.', 'Ice first, then heat.');
    const res = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
    const pdf = res.body as Buffer;
    const info = pdfInfo(pdf);
    expect(info.Title).toBe('Your first days');
    expect(info.Tagged).toBe('yes');
    expect(info['Page size']).toContain('A4');
    expect(Number(info.Pages)).toBeGreaterThanOrEqual(3);
    expect(pdfFonts(pdf)).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes/);
    const text = pdfText(pdf);
    expect(text).toContain('Maria L.');
    expect(text).toMatch(/Hold it on the sore spot for 12 minutes/);
    expect(text).toMatch(/7 minutes/);
    expect(text).toContain('Emergency warning signs');
    expect(text).toContain('Ice first, then heat.');
    expect(text).toMatch(/Page 1 of \d/);
    // Numbered steps are read as one: each exercise's steps, from the first to the last, on
    // one page (the document is long enough that a step list would otherwise be cut).
    for (const [first, last] of [
      ['Lie on your back. Bend your knees', 'Relax and let your back go back'],
    ]) {
      const pageOf = (phrase: string) =>
        Array.from({ length: Number(info.Pages) }, (_, i) => i + 1).filter((page) =>
          pdfText(pdf, page).replace(/\s+/g, ' ').includes(phrase),
        );
      expect(pageOf(first)).toHaveLength(1);
      expect(pageOf(last)).toEqual(pageOf(first));
    }
    // Which version, on every page, and when it was published, on the first.
    // (each page's footer, and the first page's line under the title)
    expect(text.match(/· Version 1/g)).toHaveLength(Number(info.Pages) + 1);
    expect(text).toMatch(/Version 1, \d{1,2} [A-Z][a-z]{2} \d{4}/);

    // Cached: the same bytes, a 304 for the ETag, and large print / US Letter on request.
    const again = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
    expect(Buffer.compare(again.body, pdf)).toBe(0);
    await lee.agent
      .get(`/api/handouts/${id}/versions/1/pdf`)
      .set('If-None-Match', res.headers.etag)
      .expect(304);
    const large = await getPdf(
      `/api/handouts/${id}/versions/1/pdf?variant=large&paper=Letter`,
    ).expect(200);
    const largeInfo = pdfInfo(large.body);
    expect(largeInfo['Page size']).toContain('letter');
    expect(Number(largeInfo.Pages)).toBeGreaterThan(Number(info.Pages));
  });

  it('keeps a rendered PDF in PostgreSQL (uncompressed, for every instance) and in memory', async () => {
    const id = await published('Cache Layers', 'Stored once.');
    const first = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
    const db = app.get(DataSource);
    const stored: { bytes: Buffer }[] = await db.query(
      `SELECT c.bytes FROM pdf_cache c JOIN handout_versions v ON v.id = c.handout_version_id WHERE v.handout_id = $1`,
      [id],
    );
    expect(stored).toHaveLength(1);
    expect(Buffer.compare(stored[0].bytes, first.body)).toBe(0);
    const [{ storage }] = await db.query(
      `SELECT attstorage AS storage FROM pg_attribute WHERE attrelid = 'pdf_cache'::regclass AND attname = 'bytes'`,
    );
    expect(storage).toBe('e'); // external: stored as it is, no second compression

    // Served from memory without rendering again: the same bytes even with the row gone.
    const renders = app.get(PdfRenderer).status().renders;
    await db.query(
      `DELETE FROM pdf_cache c USING handout_versions v WHERE v.id = c.handout_version_id AND v.handout_id = $1`,
      [id],
    );
    const again = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
    expect(Buffer.compare(again.body, first.body)).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(app.get(PdfRenderer).status().renders).toBe(renders);
  });

  it('renders once for identical requests arriving together', async () => {
    const id = await published('Together T.', 'Asked five times at once.');
    const renderer = app.get(PdfRenderer);
    const renders = renderer.status().renders;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200)),
    );
    expect(renderer.status().renders).toBe(renders + 1);
    for (const answer of answers) expect(Buffer.compare(answer.body, answers[0].body)).toBe(0);
    expect(pdfText(answers[0].body)).toContain('Together T.');
  });

  it('refuses unknown variants and paper sizes with 400', async () => {
    const id = await published('Sam K.', 'x');
    const res = await lee.agent
      .get(`/api/handouts/${id}/versions/1/pdf?variant=tiny&paper=A3`)
      .expect(400);
    expect(res.body.message).toEqual([
      'variant: must be one of the following values: standard, large',
      'paper: must be one of the following values: A4, Letter',
    ]);
  });

  it('shows hostile text as text, and no request leaves the page', async () => {
    const payloads = [
      '<script>alert(1)</script>',
      '<iframe src="file:///etc/passwd"></iframe>',
      `<img src="${trapUrl}/x">`,
      '{{constructor}}',
    ];
    const id = await published(payloads[2], payloads.join(' '), payloads[0]);
    const version = await lee.agent.get(`/api/handouts/${id}/versions/1`).expect(200);
    expect(version.body.html).not.toMatch(/<script>|<iframe|<img src="http/);
    expect(version.body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const pdf = (await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200)).body as Buffer;
    const text = pdfText(pdf);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('file:///etc/passwd');
    expect(text).toContain('{{constructor}}');
    expect(text).not.toContain('root:x:0:0');
    expect(trapHits).toBe(0);
  });

  it('blocks every request a document tries to make, even raw HTML given to the renderer', async () => {
    const renderer = app.get(PdfRenderer);
    const html = `<!doctype html><html><head><title>t</title><link rel="stylesheet" href="${trapUrl}/css"></head>
      <body><img src="${trapUrl}/img"><iframe src="file:///etc/passwd"></iframe><script>fetch('${trapUrl}/js')</script>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p>hello</p></body></html>`;
    const pdf = await renderer.renderPdf({ html, paper: 'A4', footerText: 'x' });
    expect(pdfText(pdf)).toContain('hello');
    expect(pdfText(pdf)).not.toContain('root:');
    expect(trapHits).toBe(0);
  });

  it('survives Chromium being killed mid-render: that request fails cleanly or is retried, the next one works', async () => {
    const ids = await Promise.all(['A', 'B', 'C'].map((n) => published(`Kill ${n}.`, `note ${n}`)));
    const renderer = app.get(PdfRenderer);
    const first = getPdf(`/api/handouts/${ids[0]}/versions/1/pdf`);
    const pending = first.then((r) => r);
    // Wait until the browser exists, then kill it while the render runs.
    for (let i = 0; i < 100 && !renderer.browserPid(); i++)
      await new Promise((r) => setTimeout(r, 20));
    process.kill(renderer.browserPid()!, 'SIGKILL');
    const res = await pending;
    expect([200, 503]).toContain(res.status);
    if (res.status === 503) expect(res.body.toString()).toMatch(/"statusCode":503/);
    const next = await getPdf(`/api/handouts/${ids[1]}/versions/1/pdf`).expect(200);
    expect(pdfText(next.body)).toContain('Kill B.');
    const health = await request(app.getHttpServer()).get('/health').expect(200);
    expect(health.body.renderer.status).toBe('up');
  });

  it('answers 503 when Chromium dies again during the retry, and prints once it stays up', async () => {
    const renderer = app.get(PdfRenderer);
    const id = await published('Twice T.', 'n');
    // Fault injection: every print kills its browser before printing.
    const target = renderer as unknown as { print: (...args: unknown[]) => Promise<Buffer> };
    const print = target.print;
    let kills = 0;
    target.print = async function (...args: unknown[]) {
      kills++;
      process.kill(renderer.browserPid()!, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
      return print.apply(this, args);
    };
    try {
      const res = await lee.agent.get(`/api/handouts/${id}/versions/1/pdf`).expect(503);
      expect(res.body.message).toBe('Chromium stopped twice during this PDF. Try again.');
      expect(res.headers['retry-after']).toBe('5');
      expect(kills).toBe(2);
    } finally {
      target.print = print;
    }
    const next = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
    expect(pdfText(next.body)).toContain('Twice T.');
  });

  it('answers 503 with Retry-After when a render takes too long, replacing only the page it was stuck on', async () => {
    const renderer = app.get(PdfRenderer);
    const [slow, next] = await Promise.all(['Slow S.', 'After T.'].map((n) => published(n, 'n')));
    await getPdf(`/api/handouts/${next}/versions/1/pdf?paper=Letter`).expect(200);
    const before = renderer.browserPid();
    renderer.renderTimeoutMs = 1;
    try {
      const res = await lee.agent.get(`/api/handouts/${slow}/versions/1/pdf`).expect(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.message).toBe('The PDF took too long to render. Try again.');
    } finally {
      renderer.renderTimeoutMs = 20_000;
    }
    const again = await getPdf(`/api/handouts/${slow}/versions/1/pdf`).expect(200);
    expect(pdfText(again.body)).toContain('Slow S.');
    expect(renderer.browserPid()).toBe(before);
  });

  it('as one process (CHROMIUM_SINGLE_PROCESS=true): a stuck render replaces the whole browser, and so does age', async () => {
    const config = app.get(AppConfig);
    const renderer = new PdfRenderer(new AppConfig({ ...config, chromiumSingleProcess: true }));
    const doc = (text: string) => ({
      html: `<!doctype html><html lang="en"><head><title>t</title></head><body><p>${text}</p></body></html>`,
      paper: 'A4' as const,
      footerText: 'Clinic',
    });
    const gone = (pid: number) => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    };
    try {
      expect(pdfText(await renderer.renderPdf(doc('one process')))).toContain('one process');
      const first = renderer.browserPid()!;
      renderer.renderTimeoutMs = 1;
      await expect(renderer.renderPdf(doc('slow'))).rejects.toThrow('took too long');
      renderer.renderTimeoutMs = 20_000;
      // One process serves every page, so the stuck one goes and a new one prints.
      expect(renderer.browserPid()).toBeUndefined();
      for (let i = 0; i < 100 && !gone(first); i++) await new Promise((r) => setTimeout(r, 20));
      expect(gone(first)).toBe(true);
      expect(pdfText(await renderer.renderPdf(doc('after')))).toContain('after');
      const second = renderer.browserPid()!;
      expect(second).not.toBe(first);
      // Its prints hang once it has been up a few minutes: past its age it is replaced.
      renderer.singleProcessMaxAgeMs = 1;
      await new Promise((r) => setTimeout(r, 5));
      expect(pdfText(await renderer.renderPdf(doc('aged')))).toContain('aged');
      expect(renderer.browserPid()).not.toBe(second);
    } finally {
      await renderer.onModuleDestroy();
    }
  });

  it('answers 503 with Retry-After when the queue is full', async () => {
    const renderer = app.get(PdfRenderer);
    renderer.maxQueue = 0;
    try {
      const id = await published('Queue Q.', 'q');
      const res = await lee.agent.get(`/api/handouts/${id}/versions/1/pdf`).expect(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body.message).toBe('The PDF renderer is busy. Try again in a few seconds.');
    } finally {
      renderer.maxQueue = 32;
    }
  });

  it('without any browser, still serves everything else and says how to install one', async () => {
    const renderer = app.get(PdfRenderer);
    const executable = renderer.executable;
    Object.defineProperty(renderer, 'executable', { value: undefined, configurable: true });
    try {
      const id = await published('No Browser N.', 'n');
      const res = await lee.agent
        .get(`/api/handouts/${id}/versions/1/pdf?paper=Letter`)
        .expect(503);
      expect(res.body.message).toMatch(/apt-get install chromium.*PUPPETEER_EXECUTABLE_PATH/);
      const health = await request(app.getHttpServer()).get('/health').expect(200);
      expect(health.body).toMatchObject({ status: 'ok', renderer: { status: 'unavailable' } });
      await lee.agent.get(`/api/handouts/${id}`).expect(200);
    } finally {
      Object.defineProperty(renderer, 'executable', { value: executable, configurable: true });
    }
  });

  it('gives a new PDF when the templates change, never a stale one', async () => {
    const id = await published('Template T.', 't');
    const first = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
    const renderer = app.get(HandoutRenderer);
    const original = renderer.styleHash;
    renderer.styleHash = 'a-changed-look';
    try {
      const second = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
      expect(second.headers.etag).not.toBe(first.headers.etag);
      await lee.agent
        .get(`/api/handouts/${id}/versions/1/pdf`)
        .set('If-None-Match', first.headers.etag)
        .expect(200);
    } finally {
      renderer.styleHash = original;
    }
    const [{ count }] = await app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS count FROM pdf_cache c JOIN handout_versions v ON v.id = c.handout_version_id WHERE v.handout_id = $1`,
        [id],
      );
    expect(count).toBe(2);
  });

  it('gives a new PDF when anything outside the document changes: page rules, Chromium, fonts', async () => {
    const id = await published('Fingerprint F.', 'f');
    const first = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
    const pdf = app.get(PdfRenderer);
    expect(pdf.fingerprint).toMatch(/^[0-9a-f]{24}$/);
    const state = pdf as unknown as { fingerprintValue: string };
    const original = state.fingerprintValue;
    // As after a margin change or a Chromium upgrade: the fingerprint differs.
    state.fingerprintValue = 'a-changed-renderer';
    try {
      const second = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
      expect(second.headers.etag).not.toBe(first.headers.etag);
    } finally {
      state.fingerprintValue = original;
    }
    const third = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
    expect(third.headers.etag).toBe(first.headers.etag);
  });

  it('renders a just-published version in the background, so the first download is a cache hit', async () => {
    app.get(HandoutPdfService).prerenderOnPublish = true;
    const id = await published('Early E.', 'e');
    app.get(HandoutPdfService).prerenderOnPublish = false;
    const db = app.get(DataSource);
    const cached = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM pdf_cache c JOIN handout_versions v ON v.id = c.handout_version_id WHERE v.handout_id = $1`,
          [id],
        )
      )[0].n as number;
    const started = Date.now();
    while ((await cached()) === 0 && Date.now() - started < 10_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await cached()).toBe(1);
    const renders = app.get(PdfRenderer).status().renders;
    const first = await getPdf(`/api/handouts/${id}/versions/1/pdf`).expect(200);
    expect(pdfText(first.body)).toContain('Early E.');
    expect(app.get(PdfRenderer).status().renders).toBe(renders);
  });
});
