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
  return csrfTokens(config, 'portal.csrf', (req) => req.session?.id ?? '');
}

/**
 * Tokens for the sign-in form, before there is a session to bind them to: a plain double
 * submit (the cookie cannot be planted cross-site, and is __Host- in production), so another
 * site cannot sign a visitor into its own account (login CSRF).
 */
export function createSignInCsrfTokens(config: AppConfig): CsrfTokens {
  return csrfTokens(config, 'portal.sign-in', () => 'sign-in');
}

function csrfTokens(
  config: AppConfig,
  name: string,
  getSessionIdentifier: (req: Request) => string,
): CsrfTokens {
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => config.sessionSecret,
    getSessionIdentifier,
    cookieName: config.isProduction ? `__Host-${name}` : name,
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

/**
 * A sign-in must come from our own pages (or from a client that is not a browser): browsers
 * say where a request comes from in Sec-Fetch-Site and Origin, and a cross-site one is refused.
 */
export function isCrossSite(
  req: Request,
  publicUrl: string,
  options: { nullOrigin?: 'own' } = {},
): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  // A page sent with "Referrer-Policy: no-referrer" (the portal's) posts its forms with
  // "Origin: null": where that page is ours, a token in the form proves the rest.
  if (origin === 'null' && options.nullOrigin === 'own') return false;
  const own = [new URL(publicUrl).origin, `${req.protocol}://${req.get('host') ?? ''}`];
  return !own.includes(origin);
}
