import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { PROJECT_ROOT } from '../../src/config/paths';

/**
 * The README, `engines` and `.ci/run` promise Node 20.19 or newer: every installed package must
 * accept that version, or `npm install` warns (EBADENGINE) and the promise is not kept.
 */
describe('the Node version we promise', () => {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8'));
  const lowest = semver.minVersion(pkg.engines.node)!.version;

  it('is the same in package.json, the README and .ci/run', () => {
    expect(lowest).toBe('20.19.0');
    expect(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')).toContain('Node.js 20.19');
    expect(readFileSync(join(PROJECT_ROOT, '.ci', 'run'), 'utf8')).toContain('Node 20.19 or newer');
  });

  it('is accepted by every package in the lockfile', () => {
    const refusing = Object.entries(
      lock.packages as Record<string, { engines?: { node?: string } }>,
    )
      .filter(([path, info]) => path && typeof info.engines?.node === 'string')
      .filter(([, info]) => !semver.satisfies(lowest, info.engines!.node!))
      .map(([path, info]) => `${path.replace(/^node_modules\//, '')}: node ${info.engines!.node}`);
    expect(refusing).toEqual([]);
  });
});
