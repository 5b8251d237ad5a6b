import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root (where package.json lives), whether running from src/ or dist/src/. */
export const PROJECT_ROOT = findProjectRoot(__dirname);
export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
