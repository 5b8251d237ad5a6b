import { Injectable } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Outcome } from '../audit/audit-event.entity';
import { acceptsApiKeys, bearerOf } from '../auth/api-key-request';
import { originOf } from '../auth/auth.decorators';
import { SessionUser } from '../auth/session-user';
import { AppConfig } from '../config/app-config';
import { loggerFor } from '../logging/logger';
import { isOverLimit, sharedRateLimiter } from '../rate-limits/shared-rate-limiter';
import { ApiKeysService } from './api-keys.service';

/**
 * Reads `Authorization: Bearer <key>` on /api and /fhir, before sessions: a valid key becomes the
 * request's user (its clinic, its scopes), counted against the key's rate limit, and the call is
 * written to the audit trail under the key when it ends. A refused key is left for the access
 * guard to answer (401, 429), so the answer has the route's error shape. Pages and the portal
 * never read keys.
 */
@Injectable()
export class BearerAuthentication {
  private readonly logger = loggerFor(BearerAuthentication.name);
  private readonly limiter;

  constructor(
    private readonly keys: ApiKeysService,
    private readonly audit: AuditService,
    config: AppConfig,
    dataSource: DataSource,
  ) {
    this.limiter = sharedRateLimiter(dataSource, {
      keyPrefix: 'api-key:requests',
      points: config.apiKeyRequestsPerMinute,
      durationSeconds: 60,
      blockInMemory: true,
    });
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const presented = bearerOf(req.headers.authorization);
    if (presented === undefined || !acceptsApiKeys(req.path)) return next();
    req.viaApiKey = true;
    this.authenticate(req, res, presented).then(
      () => next(),
      (error: Error) => next(error),
    );
  };

  private async authenticate(req: Request, res: Response, presented: string): Promise<void> {
    const check = await this.keys.check(presented);
    if (!check.ok) {
      req.apiKeyRefusal = {
        status: 401,
        message:
          check.reason === 'revoked'
            ? 'This API key has been revoked.'
            : 'Unknown API key: send Authorization: Bearer <key> with a key from the clinic settings.',
      };
      this.audit.recordSoon({
        clinicId: null,
        actorType: 'anonymous',
        actorId: null,
        action: 'api_key.refused',
        outcome: 'denied',
        origin: originOf(req),
        details: { reason: check.reason },
      });
      return;
    }
    const { key } = check;
    try {
      await this.limiter.consume(key.id);
    } catch (rejection) {
      if (!isOverLimit(rejection)) throw rejection;
      req.apiKeyRefusal = {
        status: 429,
        message: 'Too many requests with this API key: wait a minute and try again.',
        retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      };
    }
    const user: SessionUser = {
      userId: key.id,
      clinicId: key.clinicId,
      role: 'clinician',
      name: `API key "${key.name}"`,
      email: '',
      timeZone: check.timeZone,
      apiKey: { id: key.id, scopes: key.scopes },
    };
    req.user = user;
    const origin = originOf(req);
    const path = req.originalUrl.split('?')[0].slice(0, 200);
    res.once('finish', () => {
      try {
        this.audit.recordSoon({
          clinicId: key.clinicId,
          actorType: 'api_key',
          actorId: key.id,
          action: 'api.call',
          outcome: outcomeOf(res.statusCode),
          origin,
          details: { method: req.method, path, status: res.statusCode },
        });
      } catch (error) {
        this.logger.error({ err: error }, 'could not queue the API call for the audit trail');
      }
    });
  }
}

function outcomeOf(status: number): Outcome {
  if (status === 429) return 'throttled';
  if (status === 401 || status === 403) return 'denied';
  return status < 400 ? 'success' : 'failure';
}
