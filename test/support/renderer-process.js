// Runs the app's PDF renderer in a process of its own, for fault tests: prints one PDF, then
// answers "rendered <browser pid>" and waits to be killed. Needs the built app (npm test builds first).
const { join } = require('node:path');
const dist = join(__dirname, '..', '..', 'dist', 'src');
const { PdfRenderer } = require(join(dist, 'rendering', 'pdf-renderer.service.js'));
const { loadConfig } = require(join(dist, 'config', 'app-config.js'));
const { configureLogging } = require(join(dist, 'logging', 'logger.js'));

configureLogging('silent');

const [dataDir, singleProcess] = process.argv.slice(2);
const renderer = new PdfRenderer(
  loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'renderer-secret-renderer-secret-00000',
    CHROMIUM_SINGLE_PROCESS: singleProcess,
    ...(process.env.PUPPETEER_EXECUTABLE_PATH
      ? { PUPPETEER_EXECUTABLE_PATH: process.env.PUPPETEER_EXECUTABLE_PATH }
      : {}),
  }),
);
renderer
  .renderPdf({ html: '<!doctype html><title>t</title><p>x</p>', paper: 'A4', footerText: 'x' })
  .then(() => process.stdout.write(`rendered ${renderer.browserPid()}\n`))
  .catch((error) => process.stdout.write(`error ${error.message}\n`));
process.stdin.resume(); // stay alive until killed
