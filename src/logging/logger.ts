import pinoPretty from 'pino-pretty';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { DestinationStream, Logger } from 'pino';
import { LogLevel } from '../config/app-config';

interface RequestContext {
  requestId: string;
}

/** Carries the request id to every log line written while serving that request. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * Keys that may hold patient data or secrets. Logs record ids, actions and outcomes; the audit
 * trail, not the log, records who saw what.
 */
const REDACTED = [
  'password',
  'parameters',
  'query',
  'email',
  'notes',
  'html',
  'body',
  'req.body',
  '*.parameters',
  '*.query',
  '*.email',
  '*.notes',
  '*.html',
  'passwordHash',
  'token',
  'dateOfBirth',
  'displayName',
  'phone',
  'to',
  'sendTo',
  '*.phone',
  '*.to',
  '*.sendTo',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.dateOfBirth',
  '*.displayName',
];

let root: Logger = pino({ level: 'info' });

/**
 * `destination` is standard output unless a test wants to read the lines. Errors are logged
 * through `safeError`, whatever key they are under.
 */
export function configureLogging(
  level: LogLevel,
  destination: DestinationStream = pino.destination(1),
): Logger {
  root = pino(
    {
      level,
      base: { service: 'clinic-handouts' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: { err: safeError, error: safeError },
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const context = requestContext.getStore();
        return context ? { requestId: context.requestId } : {};
      },
    },
    destination,
  );
  return root;
}

/** Log lines as a person reads them at a terminal (`LOG_FORMAT=pretty`, or `auto` on a TTY). */
export function readableLog(): DestinationStream {
  return pinoPretty({
    sync: true,
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
    singleLine: true,
  });
}

/**
 * Writes plain text (not a log line) to the log's own stream, after every line logged so far:
 * the log is written asynchronously, so writing to stdout directly could jump the queue.
 */
export function writeToLogStream(text: string): void {
  const stream = (rootLogger() as unknown as Record<symbol, { write(s: string): void }>)[
    pino.symbols.streamSym
  ];
  stream.write(text);
}

/** What a database error may say in the log: PostgreSQL's own codes and names, no values. */
const DATABASE_FIELDS = [
  'code',
  'severity',
  'table',
  'column',
  'constraint',
  'dataType',
  'routine',
] as const;

/**
 * An error as the log may keep it. A database error (TypeORM's QueryFailedError, or the
 * driver's own) carries the query's parameters, and its message and detail can quote the
 * values (names, dates of birth, whole documents): only its code, table, column and
 * constraint are kept. Other errors keep their type, message and stack.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!error || typeof error !== 'object') return { message: String(error) };
  const e = error as Record<string, unknown> & { driverError?: Record<string, unknown> };
  const driver = e.driverError ?? (typeof e.severity === 'string' ? e : undefined);
  const type = (e.constructor as { name?: string } | undefined)?.name ?? 'Error';
  if (driver || type === 'QueryFailedError') {
    const kept: Record<string, unknown> = { type, database: true };
    for (const field of DATABASE_FIELDS) if (driver?.[field]) kept[field] = driver[field];
    return kept;
  }
  return { type, message: e.message, stack: e.stack };
}

/** A child logger named after the class or module that writes through it. */
export function loggerFor(name: string): Logger {
  return root.child({ context: name });
}

export function rootLogger(): Logger {
  return root;
}
