import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { Logger } from 'pino';
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
  'passwordHash',
  'token',
  'dateOfBirth',
  'displayName',
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

export function configureLogging(level: LogLevel): Logger {
  root = pino({
    level,
    base: { service: 'clinic-handouts' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const context = requestContext.getStore();
      return context ? { requestId: context.requestId } : {};
    },
  });
  return root;
}

/** A child logger named after the class or module that writes through it. */
export function loggerFor(name: string): Logger {
  return root.child({ context: name });
}

export function rootLogger(): Logger {
  return root;
}
