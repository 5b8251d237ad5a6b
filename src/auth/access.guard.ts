import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request, Response } from 'express';
import { IS_PUBLIC } from '../common/public.decorator';
import { Role } from '../users/user.entity';
import { hasRole } from './actor';
import { ROLES_KEY } from './auth.decorators';
import { SCOPE_KEY, ApiKeyScope } from './scopes';
import { CsrfTokens } from './csrf';
import { SessionUser } from './session-user';

export const CSRF_TOKENS = Symbol('CSRF_TOKENS');
/** The sign-in form's own tokens, before there is a session. */
export const SIGN_IN_CSRF_TOKENS = Symbol('SIGN_IN_CSRF_TOKENS');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Deny by default: every route needs a signed-in user unless marked @Public(); @Roles narrows
 * it further; every state-changing request made with the session carries a CSRF token. A call
 * with an API key reaches only routes marked @Scope, with that scope on the key, and needs no
 * CSRF token (no browser sends it by itself).
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
    if (req.viaApiKey) return this.allowKey(req, context, targets);
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

  private allowKey(
    req: Request,
    context: ExecutionContext,
    targets: ReturnType<ExecutionContext['getHandler']>[],
  ): boolean {
    const refusal = req.apiKeyRefusal;
    if (refusal) {
      const res = context.switchToHttp().getResponse<Response>();
      if (refusal.status === 401) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="api", error="invalid_token"');
      }
      if (refusal.retryAfterSeconds) res.setHeader('Retry-After', refusal.retryAfterSeconds);
      throw new HttpException(refusal.message, refusal.status);
    }
    const user = req.user as SessionUser;
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(SCOPE_KEY, targets);
    if (!scope || !user.apiKey) {
      throw new ForbiddenException('API keys cannot use this route: sign in instead.');
    }
    if (!user.apiKey.scopes.includes(scope)) {
      throw new ForbiddenException(`This API key lacks the ${scope} scope.`);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !hasRole(user, ...roles)) {
      throw new ForbiddenException(`This needs the ${roles.join(' or ')} role.`);
    }
    return true;
  }
}
