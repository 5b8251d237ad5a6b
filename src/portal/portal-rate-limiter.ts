import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Per-address limits on the portal, across the whole token space: a generous cap on all
 * requests, and a tight one on failures (unknown tokens, wrong dates of birth), so guessing
 * links is hopeless. Kept in memory per instance; counts reset each window.
 */
@Injectable()
export class PortalRateLimiter {
  private readonly requests = new Map<string, Window>();
  private readonly failures = new Map<string, Window>();
  readonly failureLimit = 20;
  readonly failureWindowMs = 10 * 60_000;
  readonly requestWindowMs = 60_000;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts a request; false when the address is over either limit. */
  allowRequest(ip: string): boolean {
    const failures = this.current(this.failures, ip, this.failureWindowMs);
    if (failures.count >= this.failureLimit) return false;
    const window = this.current(this.requests, ip, this.requestWindowMs);
    window.count++;
    return window.count <= this.config.portalRequestsPerMinute;
  }

  recordFailure(ip: string): void {
    this.current(this.failures, ip, this.failureWindowMs).count++;
  }

  private current(map: Map<string, Window>, ip: string, windowMs: number): Window {
    const now = this.clock.now().getTime();
    let window = map.get(ip);
    if (!window || now - window.startedAt >= windowMs) {
      if (map.size > 50_000) this.prune(map, now, windowMs);
      window = { startedAt: now, count: 0 };
      map.set(ip, window);
    }
    return window;
  }

  private prune(map: Map<string, Window>, now: number, windowMs: number): void {
    for (const [key, window] of map) if (now - window.startedAt >= windowMs) map.delete(key);
  }
}
