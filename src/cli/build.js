// Builds the TypeScript into dist/ without ever deleting it: tsc is incremental (dist/.tsbuildinfo)
// and only files whose source is gone are removed afterwards, so a running server keeps the
// files it was started from. With --if-stale it builds only when a source is newer than the
// last build, and says so; a current build costs a directory walk.
//   node src/cli/build.js             build (npm run build)
//   node src/cli/build.js --if-stale  build if needed (npm start, npm run cli)
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
// Written by this script after a build (tsc --noEmit also writes .tsbuildinfo, so that file
// cannot tell whether dist/ is current).
const STAMP = join(DIST, '.build-stamp');
const SOURCES = ['src', 'migrations', 'test'];

function* files(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

function newestSource() {
  let newest = statSync(join(ROOT, 'tsconfig.json')).mtimeMs;
  for (const dir of SOURCES)
    for (const file of files(join(ROOT, dir)))
      if (file.endsWith('.ts')) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

/** dist/<path>.js (and its .map) whose <path>.ts no longer exists. */
function pruneOrphans() {
  let removed = 0;
  for (const dir of SOURCES)
    for (const file of files(join(DIST, dir))) {
      const match = /^(.*)\.js(\.map)?$/.exec(relative(DIST, file));
      if (match && !existsSync(join(ROOT, `${match[1]}.ts`))) {
        rmSync(file);
        removed++;
      }
    }
  return removed;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSource()) process.exit(0);
if (ifStale)
  process.stdout.write('Building the TypeScript (sources changed since the last build)…\n');
const started = Date.now();
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')],
  {
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const removed = pruneOrphans();
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
if (ifStale)
  process.stdout.write(
    `Built in ${((Date.now() - started) / 1000).toFixed(1)} s${removed ? `, ${removed} old files removed` : ''}.\n`,
  );
