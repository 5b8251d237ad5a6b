import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Raised at boot when an environment variable is missing or malformed; names the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The validated environment. Built once at boot by `loadConfig` and injected everywhere
 * else as a read-only object: no other code reads `process.env`.
 */
export class AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  /** Unset means: start the embedded PostgreSQL in `dataDir`. The role the app serves as. */
  readonly databaseUrl: string | undefined;
  /** The schema owner's address, for migrations; unset means DATABASE_URL's role owns it too. */
  readonly databaseOwnerUrl: string | undefined;
  readonly dataDir: string;
  readonly publicUrl: string;
  readonly sessionSecret: string;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  readonly puppeteerExecutablePath: string | undefined;
  /** Run the PDF renderer's Chromium as one process (off by default; see launchArgs). */
  readonly chromiumSingleProcess: boolean;
  readonly migrationsRun: boolean;
  /** Bring the shared block library up to date with src/library/starter at start-up. */
  readonly libraryImport: boolean;
  readonly logLevel: LogLevel;
  /** `auto`: readable lines on a terminal, JSON otherwise (files, pipes, log collectors). */
  readonly logFormat: LogFormat;
  readonly demoData: boolean;
  /** Portal requests allowed per address per minute. */
  readonly portalRequestsPerMinute: number;
  /**
   * Which proxies' X-Forwarded-For and X-Forwarded-Proto to believe, as Express takes it:
   * `loopback` (the default), `uniquelocal` (private networks such as Docker's bridge), a list
   * of addresses or subnets, a number of hops, or `false`.
   */
  readonly trustProxy: string | number | boolean;
  /** Where email goes (`smtp://` or `smtps://`, credentials in the URL); unset: email is not set up. */
  readonly smtpUrl: string | undefined;
  /** The From address of the portal's email. */
  readonly smtpFrom: string;
  /** The text-message provider (`twilio`); unset: text messages are not set up. */
  readonly smsProvider: SmsProvider | undefined;
  /** The provider's settings: the sending number, the account and its secret, its API's address. */
  readonly smsFrom: string | undefined;
  readonly smsAccountSid: string | undefined;
  readonly smsAuthToken: string | undefined;
  readonly smsApiUrl: string;
  /** Requests one API key may make per minute. */
  readonly apiKeyRequestsPerMinute: number;

  constructor(values: Omit<AppConfig, 'isProduction' | 'publicUrlIsLocal'>) {
    Object.assign(this, values);
    Object.freeze(this);
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /** Whether PUBLIC_URL names this computer only (localhost, 127.x, ::1): phones cannot open it. */
  get publicUrlIsLocal(): boolean {
    const host = new URL(this.publicUrl).hostname;
    return (
      host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]'
    );
  }
}

type Env = Record<string, string | undefined>;

const NODE_ENVS: NodeEnv[] = ['development', 'production', 'test'];
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export type LogFormat = 'auto' | 'json' | 'pretty';
const LOG_FORMATS: LogFormat[] = ['auto', 'json', 'pretty'];
export type SmsProvider = 'twilio';
const SMS_PROVIDERS: SmsProvider[] = ['twilio'];

/** Reads and validates the environment; throws one ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const nodeEnv = oneOf(read('NODE_ENV') ?? 'development', NODE_ENVS, 'NODE_ENV', problems);
  const port = integer(read('PORT'), 3000, 0, 65535, 'PORT', problems);
  const dataDir = resolvePath(read('DATA_DIR') ?? './.data');

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/[^\s]+$/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const databaseOwnerUrl = read('DATABASE_OWNER_URL');
  if (databaseOwnerUrl !== undefined && !/^postgres(ql)?:\/\/[^\s]+$/.test(databaseOwnerUrl)) {
    problems.push('DATABASE_OWNER_URL must be a postgres:// or postgresql:// URL');
  } else if (databaseOwnerUrl !== undefined && databaseUrl === undefined) {
    problems.push('DATABASE_OWNER_URL needs DATABASE_URL (the role the app serves as)');
  }

  const publicUrlRaw = read('PUBLIC_URL') ?? `http://localhost:${port}`;
  let publicUrl = publicUrlRaw;
  try {
    const parsed = new URL(publicUrlRaw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    publicUrl = publicUrlRaw.replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_URL must be an http:// or https:// address (got "${publicUrlRaw}")`);
  }

  let sessionSecret = read('SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long');
  } else if (sessionSecret === undefined && nodeEnv === 'production') {
    problems.push('SESSION_SECRET is required when NODE_ENV=production');
  }

  const sessionIdleMinutes = integer(
    read('SESSION_IDLE_MINUTES'),
    30,
    1,
    24 * 60,
    'SESSION_IDLE_MINUTES',
    problems,
  );
  const sessionMaxHours = integer(
    read('SESSION_MAX_HOURS'),
    12,
    1,
    24 * 7,
    'SESSION_MAX_HOURS',
    problems,
  );
  const portalRequestsPerMinute = integer(
    read('PORTAL_REQUESTS_PER_MINUTE'),
    120,
    1,
    1_000_000,
    'PORTAL_REQUESTS_PER_MINUTE',
    problems,
  );
  const migrationsRun = boolean(read('MIGRATIONS_RUN'), true, 'MIGRATIONS_RUN', problems);
  const libraryImport = boolean(read('LIBRARY_IMPORT'), true, 'LIBRARY_IMPORT', problems);
  const chromiumSingleProcess = boolean(
    read('CHROMIUM_SINGLE_PROCESS'),
    false,
    'CHROMIUM_SINGLE_PROCESS',
    problems,
  );
  const demoDefault = nodeEnv === 'development';
  const demoData = boolean(read('DEMO_DATA'), demoDefault, 'DEMO_DATA', problems);
  if (demoData && nodeEnv === 'production') {
    problems.push('DEMO_DATA cannot be on when NODE_ENV=production');
  }
  const logLevel = oneOf(
    read('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    LOG_LEVELS,
    'LOG_LEVEL',
    problems,
  );

  const logFormat = oneOf(read('LOG_FORMAT') ?? 'auto', LOG_FORMATS, 'LOG_FORMAT', problems);

  const trustProxy = trustProxyOf(read('TRUST_PROXY') ?? 'loopback', problems);

  const smtpUrl = read('SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) {
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  }
  const smtpFrom = read('SMTP_FROM') ?? `no-reply@${hostOf(publicUrl)}`;
  const smsProviderRaw = read('SMS_PROVIDER');
  const smsProvider =
    smsProviderRaw === undefined
      ? undefined
      : oneOf(smsProviderRaw, SMS_PROVIDERS, 'SMS_PROVIDER', problems);
  const smsFrom = read('SMS_FROM');
  const smsAccountSid = read('SMS_ACCOUNT_SID');
  const smsAuthToken = read('SMS_AUTH_TOKEN');
  const smsApiUrl = (read('SMS_API_URL') ?? 'https://api.twilio.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(smsApiUrl)) {
    problems.push(`SMS_API_URL must be an http:// or https:// address (got "${smsApiUrl}")`);
  }
  if (smsProvider !== undefined) {
    for (const [name, value] of [
      ['SMS_FROM', smsFrom],
      ['SMS_ACCOUNT_SID', smsAccountSid],
      ['SMS_AUTH_TOKEN', smsAuthToken],
    ] as const) {
      if (value === undefined) problems.push(`${name} is required when SMS_PROVIDER is set`);
    }
  }
  const apiKeyRequestsPerMinute = integer(
    read('API_KEY_REQUESTS_PER_MINUTE'),
    600,
    1,
    1_000_000,
    'API_KEY_REQUESTS_PER_MINUTE',
    problems,
  );

  const puppeteerExecutablePath = read('PUPPETEER_EXECUTABLE_PATH');
  if (puppeteerExecutablePath !== undefined && !existsSync(puppeteerExecutablePath)) {
    problems.push(
      `PUPPETEER_EXECUTABLE_PATH points to a file that does not exist: ${puppeteerExecutablePath}`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);

  try {
    sessionSecret ??= developmentSecret(dataDir, 'session-secret');
  } catch (error) {
    throw new ConfigError([
      `DATA_DIR ${dataDir} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): set DATA_DIR to a folder this user can write, or set SESSION_SECRET`,
    ]);
  }

  return new AppConfig({
    nodeEnv,
    port,
    databaseUrl,
    databaseOwnerUrl,
    dataDir,
    publicUrl,
    sessionSecret,
    sessionIdleMinutes,
    sessionMaxHours,
    puppeteerExecutablePath,
    chromiumSingleProcess,
    migrationsRun,
    libraryImport,
    logLevel,
    logFormat,
    demoData,
    portalRequestsPerMinute,
    trustProxy,
    smtpUrl,
    smtpFrom,
    smsProvider,
    smsFrom,
    smsAccountSid,
    smsAuthToken,
    smsApiUrl,
    apiKeyRequestsPerMinute,
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const ADDRESS = /^[0-9a-fA-F.:]+(\/\d{1,3})?$/;

function trustProxyOf(raw: string, problems: string[]): string | number | boolean {
  if (raw === 'false') return false;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.every((p) => PROXY_NAMES.includes(p) || ADDRESS.test(p))) return parts.join(', ');
  problems.push(
    `TRUST_PROXY must be loopback, linklocal, uniquelocal, addresses or subnets separated by commas, a number of hops, or false (got "${raw}")`,
  );
  return 'loopback';
}

function resolvePath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

/** Outside production a missing secret is generated once and kept in DATA_DIR. */
function developmentSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

function integer(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
  problems: string[],
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function boolean(
  raw: string | undefined,
  fallback: boolean,
  name: string,
  problems: string[],
): boolean {
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

function oneOf<T extends string>(raw: string, allowed: T[], name: string, problems: string[]): T {
  if ((allowed as string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return allowed[0];
}
