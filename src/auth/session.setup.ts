import { INestApplication } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import passport from 'passport';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { poolOf } from '../database/prepared-query';
import { loggerFor } from '../logging/logger';
import { createSessionStore } from './session-store';

const SESSION_COOKIE = 'portal.sid';

declare module 'express-session' {
  interface SessionData {
    /** When the user signed in (ms since epoch): bounds the session's absolute lifetime. */
    signedInAt?: number;
    passport?: { user?: string };
  }
}

/**
 * Server-side sessions in PostgreSQL: HttpOnly, SameSite=Lax cookie (Secure in production),
 * idle timeout through a rolling cookie, absolute lifetime checked on every request.
 */
export function configureSessions(app: INestApplication, config: AppConfig): void {
  const pool = poolOf(app.get(DataSource));
  const log = loggerFor('Sessions');
  const idleMs = config.sessionIdleMinutes * 60_000;

  app.use(cookieParser());
  const staffSession = [
    session({
      name: SESSION_COOKIE,
      secret: config.sessionSecret,
      store: createSessionStore({
        pool,
        tableName: 'sessions',
        createTableIfMissing: false,
        pruneSessionInterval: config.nodeEnv === 'test' ? false : 15 * 60,
        errorLog: (...args: unknown[]) =>
          log.error({ args: args.map(String) }, 'session store error'),
      }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      proxy: undefined,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.isProduction,
        maxAge: idleMs,
        path: '/',
      },
    }),
    absoluteLifetime(config.sessionMaxHours * 3_600_000),
    passport.initialize(),
    passport.session(),
  ];
  // The patient portal and the health check never use staff sessions, nor does a call with an
  // API key (bearer-authentication.ts runs first): skip that work there.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/p/') || req.path === '/health' || req.viaApiKey) return next();
    let i = 0;
    const run = (error?: unknown): void => {
      if (error || i === staffSession.length) return next(error);
      staffSession[i++](req, res, run);
    };
    run();
  });
}

/** Ends a session signed in longer ago than the absolute lifetime (an empty one takes its place). */
function absoluteLifetime(maxMs: number) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const signedInAt = req.session?.signedInAt;
    if (signedInAt !== undefined && Date.now() - signedInAt > maxMs) {
      req.session.regenerate((error) => next(error));
      return;
    }
    next();
  };
}
