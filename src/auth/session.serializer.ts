import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import passport from 'passport';
import { AuthService } from './auth.service';
import { SessionUser } from './session-user';

type Registered = (...args: unknown[]) => void;
interface PassportLists {
  _serializers: Registered[];
  _deserializers: Registered[];
}

/** The session stores only the user id; everything else is read fresh on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer implements OnModuleDestroy {
  private readonly registered: [Registered | undefined, Registered | undefined];

  constructor(private readonly auth: AuthService) {
    super();
    // Passport keeps serializers in process-wide lists; remember ours to take them out again.
    const lists = passport as unknown as PassportLists;
    this.registered = [lists._serializers.at(-1), lists._deserializers.at(-1)];
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

  /** An app that closes must not leave its serializer to answer for the next one in this process. */
  onModuleDestroy(): void {
    const lists = passport as unknown as PassportLists;
    const [serializer, deserializer] = this.registered;
    lists._serializers = lists._serializers.filter((f) => f !== serializer);
    lists._deserializers = lists._deserializers.filter((f) => f !== deserializer);
  }
}
