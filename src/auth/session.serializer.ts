import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { AuthService } from './auth.service';
import { SessionUser } from './session-user';

/** The session stores only the user id; everything else is read fresh on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly auth: AuthService) {
    super();
  }

  serializeUser(user: SessionUser, done: (err: Error | null, id?: string) => void): void {
    done(null, user.userId);
  }

  deserializeUser(
    userId: string,
    done: (err: Error | null, user?: SessionUser | false) => void,
  ): void {
    this.auth.findSessionUser(userId).then(
      (user) => done(null, user ?? false),
      (error: Error) => done(error),
    );
  }
}
