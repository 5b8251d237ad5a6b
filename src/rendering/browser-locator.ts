import { existsSync } from 'node:fs';

/** Where a Chromium or Chrome usually lives, after PUPPETEER_EXECUTABLE_PATH. */
const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const INSTALL_HINT =
  'No Chromium found for PDFs. Install one (Debian/Ubuntu: sudo apt-get install chromium) or set PUPPETEER_EXECUTABLE_PATH to a Chromium or Chrome.';

/** PUPPETEER_EXECUTABLE_PATH, then a system Chromium or Chrome, then Puppeteer's own download. */
export function locateBrowser(configured: string | undefined): string | undefined {
  if (configured) return existsSync(configured) ? configured : undefined;
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system) return system;
  try {
    const own = (require('puppeteer') as { executablePath(): string }).executablePath();
    return own && existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}
