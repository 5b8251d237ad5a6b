import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { poolOf } from '../database/prepared-query';

export interface LimitOptions {
  /** Names the limiter inside the shared table. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  /** Once a key reaches its limit, refuse it from memory (no query) until its window ends. */
  blockInMemory?: boolean;
}

/**
 * A fixed-window counter kept in PostgreSQL (`rate_limits`, made by a migration), so every
 * instance of the app counts against the same limit. Each `consume` is one atomic upsert.
 */
export function sharedRateLimiter(dataSource: DataSource, options: LimitOptions) {
  return new RateLimiterPostgres({
    storeClient: poolOf(dataSource),
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
    clearExpiredByTimeout: true,
    // Without an in-memory duration, a key is held from the request that reaches the limit
    // until its window ends.
    ...(options.blockInMemory ? { inMemoryBlockOnConsumed: options.points } : {}),
  });
}

/** consume() rejects with the counter's state when over the limit, and with an Error otherwise. */
export function isOverLimit(rejection: unknown): rejection is RateLimiterRes {
  return rejection instanceof RateLimiterRes;
}
