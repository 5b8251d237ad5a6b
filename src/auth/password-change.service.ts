import { BadRequestException, GoneException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { Actor } from './actor';
import { PasswordReset } from './password-reset.entity';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';

/** How long an issued reset link works. */
export const RESET_HOURS = 24;

export interface IssuedReset {
  /** The only time the link (with its token) is shown. */
  url: string;
  expiresAt: string;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Changing a password: your own (the current one required, your other sessions ended), or
 * through a one-time link an admin or the command line issues. Every step is audited; no
 * password or token is ever stored or logged, only hashes.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(PasswordReset) private readonly resets: Repository<PasswordReset>,
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
  ) {}

  async changeOwn(
    actor: Actor,
    sessionId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.users.findOne({
      where: { id: actor.userId, clinicId: actor.clinicId },
      select: { id: true, passwordHash: true },
    });
    if (!user || !(await this.passwords.verify(user.passwordHash, currentPassword)))
      throw new BadRequestException(['currentPassword: is not right']);
    this.assertNew(newPassword, currentPassword);
    const passwordHash = await this.passwords.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { passwordHash });
      await this.sessions.endAllFor(user.id, manager, sessionId);
      await this.audit.recordByUser(
        actor,
        'auth.password_changed',
        { type: 'user', id: user.id },
        {},
        manager,
      );
    });
  }

  /** A one-time link for a user of the actor's clinic (null actor: the command line). */
  async issueReset(clinicId: string, userId: string, by: Actor | null): Promise<IssuedReset> {
    const user = await this.users.findOneBy({ id: userId, clinicId });
    if (!user) throw new NotFoundException('user: not found');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + RESET_HOURS * 3_600_000);
    await this.dataSource.transaction(async (manager) => {
      // A new link replaces any earlier one still open.
      await manager.update(
        PasswordReset,
        { userId, clinicId, usedAt: IsNull() },
        { usedAt: this.clock.now() },
      );
      await manager.save(
        manager.create(PasswordReset, {
          clinicId,
          userId,
          tokenHash: hashOf(token),
          expiresAt,
          createdById: by?.userId ?? null,
        }),
      );
      await this.audit.record(
        {
          clinicId,
          actorType: by ? 'user' : 'system',
          actorId: by?.userId ?? null,
          action: 'auth.password_reset_issued',
          targetType: 'user',
          targetId: userId,
          origin: by ?? undefined,
          details: { hours: RESET_HOURS },
        },
        manager,
      );
    });
    return {
      url: `${this.config.publicUrl}/reset-password/${token}`,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** Whether a reset link can still be used (for its page), without using it. */
  async checkReset(token: string): Promise<void> {
    await this.openReset(token, this.resets);
  }

  /** Sets the new password through a link, once; ends every session of that user. */
  async resetWithToken(token: string, newPassword: string): Promise<void> {
    this.assertNew(newPassword);
    const passwordHash = await this.passwords.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      const reset = await this.openReset(token, manager.getRepository(PasswordReset), true);
      await manager.update(PasswordReset, { id: reset.id }, { usedAt: this.clock.now() });
      await manager.update(User, { id: reset.userId, clinicId: reset.clinicId }, { passwordHash });
      await this.sessions.endAllFor(reset.userId, manager);
      await this.audit.record(
        {
          clinicId: reset.clinicId,
          actorType: 'anonymous',
          actorId: null,
          action: 'auth.password_reset',
          targetType: 'user',
          targetId: reset.userId,
        },
        manager,
      );
    });
  }

  private async openReset(
    token: string,
    repo: Repository<PasswordReset>,
    lock = false,
  ): Promise<PasswordReset> {
    const reset = TOKEN.test(token)
      ? await repo.findOne({
          where: { tokenHash: hashOf(token) },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!reset)
      throw new NotFoundException(
        'This reset link does not work. Ask an administrator for a new one.',
      );
    if (reset.usedAt || reset.expiresAt <= this.clock.now())
      throw new GoneException(
        'This reset link has been used or has expired. Ask an administrator for a new one.',
      );
    return reset;
  }

  private assertNew(newPassword: string, current?: string): void {
    const weakness = this.passwords.weakness(newPassword);
    if (weakness) throw new BadRequestException([weakness.replace(/^password:/, 'newPassword:')]);
    if (current !== undefined && newPassword === current)
      throw new BadRequestException(['newPassword: must differ from the current one']);
  }
}
