import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Request, Response } from 'express';
import { EntityManager, Repository } from 'typeorm';
import { CSRF_TOKENS } from './access.guard';
import { CsrfTokens } from './csrf';
import { SessionRecord } from './session-record.entity';
import { SessionUser } from './session-user';

/** Session lifecycle beyond Passport: the response shape, sign-out, ending a user's sessions. */
@Injectable()
export class SessionService {
  constructor(
    @InjectRepository(SessionRecord) private readonly records: Repository<SessionRecord>,
    @Inject(CSRF_TOKENS) private readonly csrf: CsrfTokens,
  ) {}

  describe(req: Request, res: Response): { user: Record<string, string>; csrfToken: string } {
    const user = req.user as SessionUser;
    return {
      user: {
        id: user.userId,
        email: user.email,
        name: user.name,
        role: user.role,
        clinicId: user.clinicId,
      },
      csrfToken: this.csrf.issue(req, res),
    };
  }

  /** Signs out and deletes the session on the server. */
  async end(req: Request): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      req.logout((err) => (err ? reject(err) : resolve())),
    );
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
  }

  /**
   * Ends every session of a user (an admin disabled them, their password was reset), or every
   * one but `keepSessionId` (they changed their own password).
   */
  async endAllFor(userId: string, manager?: EntityManager, keepSessionId?: string): Promise<void> {
    const repo = manager ? manager.getRepository(SessionRecord) : this.records;
    const query = repo
      .createQueryBuilder()
      .delete()
      .where(`("sess"->'passport')->>'user' = :userId`, { userId });
    if (keepSessionId) query.andWhere('sid <> :keep', { keep: keepSessionId });
    await query.execute();
  }
}
