import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer';
import { PROJECT_ROOT } from '../../src/config/paths';
import { locateBrowser } from '../../src/rendering/browser-locator';
import { LAUNCH_ARGS } from '../../src/rendering/pdf-renderer.service';

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');

/** Real Chromium for browser tests, with the flags this closed machine needs. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = locateBrowser(process.env.PUPPETEER_EXECUTABLE_PATH);
  if (!executablePath)
    throw new Error(
      'Browser tests need Chromium: apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH',
    );
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: LAUNCH_ARGS,
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical findings for the page as it is now. */
export async function seriousA11yViolations(
  page: Page,
): Promise<{ id: string; help: string; targets: string[] }[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: AxeViolation[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Saves a screenshot and the HTML of the page under test-artifacts/, for failures and for looking. */
export async function saveArtifacts(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({
    path: join(ARTIFACTS, `${name}.png`) as `${string}.png`,
    fullPage: true,
  });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-screen.png`) as `${string}.png` });
  writeFileSync(join(ARTIFACTS, `${name}.html`), await page.content());
}

/** Keeps a PDF and a picture of its first page (pdftoppm), to look at after the run. */
export function savePdfArtifact(pdf: Buffer, name: string): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '70',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    file,
    join(ARTIFACTS, name),
  ]);
}

/** Runs a browser step; on failure keeps what the page showed, then fails. */
export async function step<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await saveArtifacts(page, `failed-${name}`).catch(() => undefined);
    throw error;
  }
}
