import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { rootLogger, requestContext } from './logger';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (a well-formed incoming X-Request-Id is kept), echoes it in the
 * response, and writes one line when the response is done. The path is logged without its
 * query string and with portal tokens masked, since both can carry patient data.
 */
export function requestLogging(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
  (req as Request & { id: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const level = res.statusCode >= 500 ? 'error' : 'info';
    rootLogger()[level](
      {
        requestId,
        method: req.method,
        path: safePath(req.originalUrl),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      },
      'request',
    );
  });
  requestContext.run({ requestId }, next);
}

export function safePath(url: string): string {
  const path = url.split('?')[0];
  return path.replace(/^\/p\/[^/]+/, '/p/[token]');
}
