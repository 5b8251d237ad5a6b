import connectPgSimple from 'connect-pg-simple';
import { Request } from 'express';
import session from 'express-session';
import { Pool } from 'pg';
import { preparedQuery } from '../database/prepared-query';
import { Role } from '../users/user.entity';
import { SessionUser } from './session-user';

type PgStoreOptions = ConstructorParameters<ReturnType<typeof connectPgSimple>>[0] & {
  pool: Pool;
};

/** Where the store leaves the user it read with the session, for the deserializer to take. */
const PRELOADED = Symbol('session user read with the session');

/** The user read for the session's `passport.user` (`null`: no such enabled user). */
interface Preloaded {
  forUserId: string;
  user: SessionUser | null;
}

type WithPreloaded = { [PRELOADED]?: Preloaded };

/**
 * A rolling session is "touched" (its expiry moved) on every request. Doing that once a minute
 * per session is enough for a 30-minute idle timeout and saves a write on most requests.
 */
const TOUCH_EVERY_MS = 60_000;

/**
 * The session, and the enabled user it belongs to, in one query. Read on every signed-in
 * request, so a sign-out, a deleted session or a disabled user acts at once on every instance.
 */
const SESSION_WITH_USER = `
  SELECT s.sess, u.id AS user_id, u.clinic_id, u.role, u.name, u.email, c.time_zone
  FROM sessions s
  LEFT JOIN users u
    ON u.id = CASE WHEN s.sess #>> '{passport,user}' ~ '^[0-9a-f-]{36}$'
                   THEN (s.sess #>> '{passport,user}')::uuid END
   AND NOT u.disabled
  LEFT JOIN clinics c ON c.id = u.clinic_id
  WHERE s.sid = $1 AND s.expire >= to_timestamp($2)`;

interface SessionRow {
  sess: session.SessionData | string;
  user_id: string | null;
  clinic_id: string;
  time_zone: string | null;
  role: Role;
  name: string;
  email: string;
}

/**
 * Sessions in PostgreSQL (connect-pg-simple), with two changes: the signed-in user is read in
 * the same query as the session, and touches are throttled to once a minute per session.
 */
export function createSessionStore(options: PgStoreOptions): session.Store {
  const PgStore = connectPgSimple(session);
  const { pool } = options;

  class SessionStore extends PgStore {
    private readonly lastTouch = new Map<string, number>();

    override get(
      sid: string,
      callback: (err: unknown, session?: session.SessionData | null) => void,
    ): void {
      const now = Math.ceil(Date.now() / 1000);
      // Called back on a later tick, outside the promise, so an error thrown further along is
      // not swallowed as a rejection (connect-pg-simple does the same).
      const done = (err: unknown, sess?: session.SessionData | null) =>
        process.nextTick(callback, err, sess);
      preparedQuery<SessionRow>(pool, 'session-with-user', SESSION_WITH_USER, [sid, now]).then(
        ([row]) => {
          if (!row) return done(null, null);
          let sess: session.SessionData & WithPreloaded;
          try {
            sess = typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess;
          } catch {
            return this.destroy(sid, (error) => done(error));
          }
          const forUserId = sess.passport?.user;
          if (forUserId) {
            sess[PRELOADED] = {
              forUserId,
              user: row.user_id
                ? {
                    userId: row.user_id,
                    clinicId: row.clinic_id,
                    role: row.role,
                    name: row.name,
                    timeZone: row.time_zone ?? 'UTC',
                    email: row.email,
                  }
                : null,
            };
          }
          done(null, sess);
        },
        (error: unknown) => done(error),
      );
    }

    /** Hands the user read with the session to the request (symbols are never saved). */
    override createSession(req: Request, sess: session.SessionData & WithPreloaded) {
      (req as WithPreloaded)[PRELOADED] = sess[PRELOADED];
      delete sess[PRELOADED];
      return super.createSession(req, sess);
    }

    override touch(sid: string, sess: session.SessionData, callback?: () => void): void {
      const now = Date.now();
      if (now - (this.lastTouch.get(sid) ?? 0) < TOUCH_EVERY_MS) return callback?.();
      if (this.lastTouch.size > 100_000) this.lastTouch.clear();
      this.lastTouch.set(sid, now);
      super.touch(sid, sess, callback);
    }
  }

  return new SessionStore(options);
}

/**
 * The user the store read with this request's session: a user, `null` when the session's user
 * is unknown or disabled, or `undefined` when nothing was read (then ask the database).
 */
export function takePreloadedUser(req: Request, userId: string): SessionUser | null | undefined {
  const holder = req as WithPreloaded;
  const preloaded = holder[PRELOADED];
  delete holder[PRELOADED];
  // Trusted only for the very user id it was read for.
  if (!preloaded || preloaded.forUserId !== userId) return undefined;
  return preloaded.user;
}
