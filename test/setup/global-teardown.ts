import { rmSync } from 'node:fs';
import { EmbeddedDatabase } from '../../src/database/embedded-database';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__testDatabase as
    { database: EmbeddedDatabase; dataDir: string } | undefined;
  if (!state) return;
  await state.database.stop();
  rmSync(state.dataDir, { recursive: true, force: true });
}
