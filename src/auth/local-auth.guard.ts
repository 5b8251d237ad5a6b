import { BadRequestException, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Request } from 'express';

/**
 * Runs Passport's local strategy, then starts the session. Passport regenerates the session
 * on sign-in, so a session id planted before sign-in is never the one after it.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const missing = ['email', 'password'].filter(
      (f) => typeof body[f] !== 'string' || body[f] === '',
    );
    if (missing.length > 0) throw new BadRequestException(missing.map((f) => `${f}: is required`));
    await super.canActivate(context);
    await super.logIn(req);
    return true;
  }
}
