// The npm registry mirror this project is built against lacks some platform-only optional
// packages (darwin, win32, … builds of @swc/core and friends). `npm install` then leaves them
// out of package-lock.json and `npm ci` refuses the lockfile. This adds each missing optional
// package as a stub entry that names its os and cpu, so `npm ci` skips it as another
// platform's build. Idempotent; run it after changing dependencies.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'sunos', 'aix'];
const CPU = [
  'arm64',
  'x64',
  'ia32',
  'arm',
  'ppc64',
  's390x',
  'riscv64',
  'loong64',
  'wasm32',
  'mips64el',
];

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const nested = `${path}/node_modules/${name}`;
    if (lock.packages[key] || lock.packages[nested]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.filter((p) => OS.includes(p));
    const cpu = parts.filter((p) => CPU.includes(p));
    if (os.length === 0 && cpu.length === 0) continue; // not a platform build: leave it to npm
    lock.packages[key] = {
      version: version.replace(/^[\^~=]/, ''),
      cpu: cpu.length ? cpu : undefined,
      os: os.length ? os : undefined,
      optional: true,
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: ${added} platform stub(s) added`);
