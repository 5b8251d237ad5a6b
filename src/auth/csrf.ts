import { doubleCsrf } from 'csrf-csrf';
import { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';

const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export interface CsrfTokens {
  issue(req: Request, res: Response): string;
  isValid(req: Request): boolean;
}

/**
 * Double-submit CSRF tokens (csrf-csrf) bound to the session id. Fetch sends the token as
 * X-CSRF-Token; forms as the hidden field `_csrf`.
 */
export function createCsrfTokens(config: AppConfig): CsrfTokens {
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => config.sessionSecret,
    getSessionIdentifier: (req) => req.session?.id ?? '',
    cookieName: config.isProduction ? '__Host-portal.csrf' : 'portal.csrf',
    cookieOptions: { sameSite: 'lax', secure: config.isProduction, path: '/', httpOnly: true },
    // Header for fetch, form field for forms; the query string only for multipart uploads,
    // whose body is read after the check (logs never record query strings).
    getCsrfTokenFromRequest: (req) =>
      (req.headers[CSRF_HEADER] as string | undefined) ??
      (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD]?.toString() ??
      (req.is('multipart/form-data') ? (req.query[CSRF_FIELD] as string | undefined) : undefined),
  });
  return {
    issue: (req, res) => generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false }),
    isValid: (req) => validateRequest(req),
  };
}
