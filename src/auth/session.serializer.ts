import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Request } from 'express';
import passport from 'passport';
import { AuthService } from './auth.service';
import { takePreloadedUser } from './session-store';
import { SessionUser } from './session-user';

type Done<T> = (err: Error | null, value?: T) => void;
type Registered = (...args: never[]) => void;
interface PassportLists {
  _serializers: Registered[];
  _deserializers: Registered[];
}

/**
 * The session stores only the user id; everything else is read fresh on each request, in the
 * same query as the session (see session-store.ts), or here when the store did not read it.
 */
@Injectable()
export class SessionSerializer implements OnModuleDestroy {
  /**
   * Called by every sign-in, on the freshly regenerated session: stores the user id and when the
   * session began (its absolute lifetime counts from here).
   */
  private readonly serialize = (req: Request, user: Express.User, done: Done<string>) => {
    req.session.signedInAt = Date.now();
    done(null, (user as SessionUser).userId);
  };

  /** Three arguments, so Passport passes the request (where the store left the user). */
  private readonly deserialize = (
    req: Request,
    userId: string,
    done: Done<SessionUser | false>,
  ) => {
    const preloaded = takePreloadedUser(req, userId);
    if (preloaded !== undefined) return done(null, preloaded ?? false);
    this.auth.findSessionUser(userId).then(
      (user) => done(null, user ?? false),
      (error: Error) => done(error),
    );
  };

  constructor(private readonly auth: AuthService) {
    passport.serializeUser(this.serialize);
    passport.deserializeUser(this.deserialize);
  }

  /** Passport keeps serializers in process-wide lists: an app that closes takes its own out. */
  onModuleDestroy(): void {
    const lists = passport as unknown as PassportLists;
    lists._serializers = lists._serializers.filter((f) => f !== this.serialize);
    lists._deserializers = lists._deserializers.filter((f) => f !== this.deserialize);
  }
}
