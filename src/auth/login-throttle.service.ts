import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isOverLimit, sharedRateLimiter } from '../rate-limits/shared-rate-limiter';

export const SIGN_IN_ACTION = 'auth.sign_in';
const WINDOW_SECONDS = 15 * 60;
/** Wrong passwords for one account from one address: then that pair waits out the window. */
export const MAX_FAILURES_PER_PAIR = 5;
/** Wrong passwords from one address, whatever the accounts. */
export const MAX_FAILURES_PER_ADDRESS = 20;
/** Wrong passwords for one account from anywhere in an hour before each try is slowed. */
export const SLOW_AFTER_ACCOUNT_FAILURES = 10;
const FIRST_DELAY_MS = 250;
export const LONGEST_DELAY_MS = 8_000;

/** A sign-in attempt that has been counted before its password was checked. */
export interface Reservation {
  /** Gives the attempt back: the password was right. */
  succeeded(): Promise<void>;
}

/**
 * Brute-force protection for sign-in without a lock-out anyone can trigger (OWASP ASVS 6.3):
 *
 * - per account *and* address: 5 wrong passwords, then 429 for that pair until its 15-minute
 *   window ends. Somebody else's address never locks the real user out;
 * - per address: 20 wrong passwords over all accounts, then 429;
 * - per account from anywhere: past 10 wrong passwords in an hour every try waits (250 ms,
 *   doubling, at most 8 s) before its check. Slower, never refused.
 *
 * Each attempt is reserved (counted) atomically in PostgreSQL *before* the slow password
 * check, so parallel tries cannot slip past the limits, and every instance counts together.
 * A refused attempt is not counted; a right password gives its reservation back.
 */
@Injectable()
export class LoginThrottleService {
  private readonly pair;
  private readonly address;
  private readonly account;

  constructor(dataSource: DataSource) {
    this.pair = sharedRateLimiter(dataSource, {
      keyPrefix: 'sign-in:pair',
      points: MAX_FAILURES_PER_PAIR,
      durationSeconds: WINDOW_SECONDS,
    });
    this.address = sharedRateLimiter(dataSource, {
      keyPrefix: 'sign-in:address',
      points: MAX_FAILURES_PER_ADDRESS,
      durationSeconds: WINDOW_SECONDS,
    });
    this.account = sharedRateLimiter(dataSource, {
      keyPrefix: 'sign-in:account',
      // Never refuses: the count only sets the delay.
      points: Number.MAX_SAFE_INTEGER,
      durationSeconds: 60 * 60,
    });
  }

  /**
   * Counts this attempt against the limits, or throws 429 without counting it. Resolves after
   * the account's slow-down, if any.
   */
  async reserve(accountKey: string, ip: string | null): Promise<Reservation> {
    const pairKey = `${accountKey}:${ip ?? '-'}`;
    const [pairNow, addressNow] = await Promise.all([
      this.pair.get(pairKey),
      ip ? this.address.get(ip) : null,
    ]);
    if (
      (pairNow?.consumedPoints ?? 0) >= MAX_FAILURES_PER_PAIR ||
      (addressNow?.consumedPoints ?? 0) >= MAX_FAILURES_PER_ADDRESS
    )
      throw tooMany(Math.max(pairNow?.msBeforeNext ?? 0, addressNow?.msBeforeNext ?? 0));

    // Parallel attempts all passed the look above; the atomic consume decides between them.
    // A consume that refuses has still counted, so a refused attempt gives its points back.
    let pairTaken = false;
    try {
      await this.pair.consume(pairKey);
      pairTaken = true;
      if (ip) await this.address.consume(ip);
    } catch (rejection) {
      if (!isOverLimit(rejection)) throw rejection;
      await this.pair.reward(pairKey);
      if (pairTaken && ip) await this.address.reward(ip);
      throw tooMany(rejection.msBeforeNext);
    }
    const taken = [() => this.pair.reward(pairKey)];
    if (ip) taken.push(() => this.address.reward(ip));
    const accountCount = await this.account.consume(accountKey);
    taken.push(() => this.account.reward(accountKey));
    const delay = slowDown(accountCount.consumedPoints);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return {
      succeeded: async () => {
        await Promise.all(taken.map((undo) => undo()));
      },
    };
  }
}

/** Past the account's free tries: 250 ms, doubling each try, at most 8 s. */
export function slowDown(accountFailures: number): number {
  const over = accountFailures - SLOW_AFTER_ACCOUNT_FAILURES;
  if (over <= 0) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(over - 1, 10), LONGEST_DELAY_MS);
}

function tooMany(msBeforeNext: number): HttpException {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new HttpException(
    {
      message: `Too many failed sign-ins from this connection for this account. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
      headers: { 'Retry-After': String(seconds) },
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
