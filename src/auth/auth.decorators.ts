import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Request } from 'express';
import { Role } from '../users/user.entity';
import { Actor, RequestOrigin } from './actor';
import { SessionUser } from './session-user';

export const ROLES_KEY = 'roles';

/** Who may call a route; admin may call every route. Without it, any signed-in role may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The signed-in user with the request's address and user agent, for services and the audit trail. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return { ...(req.user as SessionUser), ...originOf(req) };
});

/** Address and user agent of an anonymous request (sign-in, portal). */
export const Origin = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestOrigin =>
  originOf(ctx.switchToHttp().getRequest<Request>()),
);

export function originOf(req: Request): RequestOrigin {
  return { ip: req.ip ?? null, userAgent: req.header('user-agent') ?? null };
}
