import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';

export const SIGN_IN_ACTION = 'auth.sign_in';
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;

/**
 * Failed sign-ins are throttled per account and per address over a 15-minute window. The
 * counts come from the audit trail itself, so every app instance sees the same numbers.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly audit: AuditService) {}

  /** Throws 429 when either limit is reached. */
  async assertAllowed(accountKey: string, ip: string | null): Promise<void> {
    const since = new Date(Date.now() - WINDOW_MS);
    const [perAccount, perAddress] = await Promise.all([
      this.audit.countSince(SIGN_IN_ACTION, since, { targetId: accountKey }),
      ip ? this.audit.countSince(SIGN_IN_ACTION, since, { ip }) : Promise.resolve(0),
    ]);
    if (perAccount >= MAX_FAILURES_PER_ACCOUNT || perAddress >= MAX_FAILURES_PER_ADDRESS) {
      throw new HttpException(
        {
          message: 'Too many failed sign-ins. Wait 15 minutes and try again.',
          headers: { 'Retry-After': String(WINDOW_MS / 1000) },
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
