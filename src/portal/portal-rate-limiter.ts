import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { isOverLimit, sharedRateLimiter } from '../rate-limits/shared-rate-limiter';

const FAILURE_LIMIT = 20;
const FAILURE_WINDOW_SECONDS = 10 * 60;

/**
 * Per-address limits on the portal, across the whole token space: a generous cap on all
 * requests, and a tight one on failures (unknown tokens, wrong dates of birth), so guessing
 * links is hopeless. Counted in PostgreSQL, so every instance counts against the same limits
 * (N instances no longer allow N times the rate); an address over its failures is then also
 * refused from memory, without asking the database, until its window ends.
 */
@Injectable()
export class PortalRateLimiter {
  readonly failureLimit = FAILURE_LIMIT;
  private readonly requests;
  private readonly failures;

  constructor(config: AppConfig, dataSource: DataSource) {
    this.requests = sharedRateLimiter(dataSource, {
      keyPrefix: 'portal:requests',
      points: config.portalRequestsPerMinute,
      durationSeconds: 60,
      blockInMemory: true,
    });
    this.failures = sharedRateLimiter(dataSource, {
      keyPrefix: 'portal:failures',
      points: FAILURE_LIMIT,
      durationSeconds: FAILURE_WINDOW_SECONDS,
      blockInMemory: true,
    });
  }

  /** Counts a request; false when the address is over either limit. */
  async allowRequest(ip: string): Promise<boolean> {
    if (blockedInMemory(this.failures, ip)) return false;
    try {
      await this.requests.consume(ip);
      return true;
    } catch (rejection) {
      if (isOverLimit(rejection)) return false;
      throw rejection;
    }
  }

  async recordFailure(ip: string): Promise<void> {
    await this.failures.consume(ip).catch((rejection: unknown) => {
      if (!isOverLimit(rejection)) throw rejection;
    });
  }
}

/** The library keeps keys over their limit in memory (inMemoryBlockOnConsumed); its typings omit the look-up. */
function blockedInMemory(limiter: object, ip: string): boolean {
  const store = limiter as {
    getKey(key: string): string;
    getInMemoryBlockMsBeforeExpire(key: string): number;
  };
  return store.getInMemoryBlockMsBeforeExpire(store.getKey(ip)) > 0;
}
