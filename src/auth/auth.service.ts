import { HttpException, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { PasswordService } from './password.service';
import { User } from '../users/user.entity';
import { Actor, RequestOrigin } from './actor';
import { LoginThrottleService, SIGN_IN_ACTION } from './login-throttle.service';
import { SessionUser, toSessionUser } from './session-user';

export const WRONG_CREDENTIALS = 'The email or password is not right.';

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so both cases take the same time. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
  ) {}

  /** Checks an email and password; the same 401 for an unknown email and a wrong password. */
  async verifyCredentials(
    email: string,
    password: string,
    origin: RequestOrigin,
  ): Promise<SessionUser> {
    const normalized = email.trim().toLowerCase();
    const accountKey = accountKeyOf(normalized);
    const user = await this.users.findOne({
      where: { email: normalized },
      select: {
        id: true,
        clinicId: true,
        email: true,
        name: true,
        role: true,
        disabled: true,
        passwordHash: true,
      },
    });
    const event = {
      clinicId: user?.clinicId ?? null,
      actorType: 'anonymous' as const,
      actorId: null,
      action: SIGN_IN_ACTION,
      targetType: 'account',
      targetId: accountKey,
      origin,
    };

    let reservation;
    try {
      reservation = await this.throttle.reserve(accountKey, origin.ip);
    } catch (error) {
      if (error instanceof HttpException)
        await this.audit.record({ ...event, outcome: 'throttled' });
      throw error;
    }

    this.dummyHash ??= this.passwords.hash('not a real password, only for timing');
    const valid = await this.passwords.verify(
      user?.passwordHash ?? (await this.dummyHash),
      password,
    );
    if (!user || !valid || user.disabled) {
      await this.audit.record({
        ...event,
        outcome: 'failure',
        details: {
          reason: !user ? 'unknown email' : user.disabled ? 'disabled' : 'wrong password',
        },
      });
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    await reservation.succeeded();
    await this.audit.record({
      ...event,
      actorType: 'user',
      actorId: user.id,
      details: { userId: user.id },
    });
    return toSessionUser(user);
  }

  /** Re-reads the session's user on every request: a disabled user is signed out at once. */
  async findSessionUser(userId: string): Promise<SessionUser | null> {
    const user = await this.users.findOneBy({ id: userId, disabled: false });
    return user ? toSessionUser(user) : null;
  }

  recordSignOut(actor: Actor): Promise<void> {
    return this.audit.recordByUser(actor, 'auth.sign_out', { type: 'user', id: actor.userId });
  }
}

/** Sign-in events name the account by a hash of the email: no address in the trail. */
function accountKeyOf(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}
