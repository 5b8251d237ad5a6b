import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
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
    return true;
  }
}
