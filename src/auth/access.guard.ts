import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { IS_PUBLIC } from '../common/public.decorator';
import { Role } from '../users/user.entity';
import { hasRole } from './actor';
import { ROLES_KEY } from './auth.decorators';
import { CsrfTokens } from './csrf';
import { SessionUser } from './session-user';

export const CSRF_TOKENS = Symbol('CSRF_TOKENS');
/** The sign-in form's own tokens, before there is a session. */
export const SIGN_IN_CSRF_TOKENS = Symbol('SIGN_IN_CSRF_TOKENS');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Deny by default: every route needs a signed-in user unless marked @Public(); @Roles narrows
 * it further; every state-changing request made with the session carries a CSRF token.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CSRF_TOKENS) private readonly csrf: CsrfTokens,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<Request>();
    const user = req.user as SessionUser | undefined;
    if (!user) throw new UnauthorizedException('Sign in first.');

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !hasRole(user, ...roles)) {
      throw new ForbiddenException(`This needs the ${roles.join(' or ')} role.`);
    }
    if (!SAFE_METHODS.has(req.method) && !this.csrf.isValid(req)) {
      throw new ForbiddenException(
        'The CSRF token is missing or wrong. Reload the page and try again.',
      );
    }
    return true;
  }
}
