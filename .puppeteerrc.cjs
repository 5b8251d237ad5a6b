// Puppeteer never downloads a browser: PDFs use PUPPETEER_EXECUTABLE_PATH or a system Chromium.
module.exports = { skipDownload: true };
