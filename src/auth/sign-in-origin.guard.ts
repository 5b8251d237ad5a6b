import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { isCrossSite } from './csrf';

/**
 * Sign-in routes answer only our own pages and non-browser clients: a cross-site request
 * (Sec-Fetch-Site or Origin says so) is refused, and the JSON route takes JSON only, which a
 * cross-site form cannot send. The sign-in form also carries its own token (SignInCsrf).
 */
@Injectable()
export class SignInOriginGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (isCrossSite(req, this.config.publicUrl))
      throw new ForbiddenException('Sign in from this site’s own sign-in page.');
    if (req.path.startsWith('/api/') && !req.is('application/json'))
      throw new UnsupportedMediaTypeException('Send the email and password as JSON.');
    // The session cookie is Secure in production: over what looks like plain HTTP the browser
    // would get no cookie, and a "successful" sign-in would lead nowhere. Say why instead.
    if (this.config.isProduction && !req.secure)
      throw new ServiceUnavailableException(
        'Signing in needs HTTPS, and this request did not arrive over it as the server sees it. Serve the portal over HTTPS; behind a proxy, set TRUST_PROXY to the proxy’s address so its X-Forwarded-Proto is believed.',
      );
    return true;
  }
}
