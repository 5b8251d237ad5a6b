import {
  ConflictException,
  HttpException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
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
    // An email is unique within a clinic: the same address may hold accounts at several.
    const candidates = await this.users.find({
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
      take: 10,
    });
    const user = candidates.length === 1 ? candidates[0] : undefined;
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
    const matching: typeof candidates = [];
    for (const candidate of candidates)
      if (await this.passwords.verify(candidate.passwordHash, password)) matching.push(candidate);
    if (candidates.length === 0) await this.passwords.verify(await this.dummyHash, password);
    const active = matching.filter((c) => !c.disabled);
    if (active.length !== 1) {
      await this.audit.record({
        ...event,
        clinicId: active[0]?.clinicId ?? user?.clinicId ?? null,
        outcome: 'failure',
        details: {
          reason:
            candidates.length === 0
              ? 'unknown email'
              : active.length > 1
                ? 'same password at several clinics'
                : matching.length > 0
                  ? 'disabled'
                  : 'wrong password',
        },
      });
      if (active.length > 1)
        throw new ConflictException(
          'This email and password open accounts at more than one clinic. Ask an administrator at one of them to change that account’s password.',
        );
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    const signedIn = active[0];
    await reservation.succeeded();
    await this.audit.record({
      ...event,
      clinicId: signedIn.clinicId,
      actorType: 'user',
      actorId: signedIn.id,
      details: { userId: signedIn.id },
    });
    return toSessionUser(signedIn);
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
