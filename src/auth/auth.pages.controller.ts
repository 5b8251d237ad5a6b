import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Header,
  HttpException,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import passport from 'passport';
import { Public } from '../common/public.decorator';
import { messagesOf } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';
import { SIGN_IN_CSRF_TOKENS } from './access.guard';
import { Actor } from './actor';
import { CurrentActor } from './auth.decorators';
import { AuthService, WRONG_CREDENTIALS } from './auth.service';
import { CsrfTokens } from './csrf';
import { SessionService } from './session.service';
import { SessionUser } from './session-user';
import { SignInOriginGuard } from './sign-in-origin.guard';

@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    @Inject(SIGN_IN_CSRF_TOKENS) private readonly signInTokens: CsrfTokens,
  ) {}

  @Get()
  home(@CurrentActor() actor: Actor, @Res() res: Response): void {
    res.redirect(303, actor.role === 'editor' ? '/library' : '/patients');
  }

  @Public()
  @Get('login')
  @Header('Content-Type', 'text/html; charset=utf-8')
  loginPage(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('next') next?: string,
  ) {
    return this.pages.render(req, res, 'login', 'Sign in', {
      next: safeNext(next),
      email: '',
      errors: [],
      signInToken: this.signInTokens.issue(req, res),
    });
  }

  @Public()
  @UseGuards(SignInOriginGuard)
  @Post('login')
  async login(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, string>,
  ): Promise<void> {
    const next = safeNext(body.next);
    try {
      if (!this.signInTokens.isValid(req))
        throw new ForbiddenException(
          'The sign-in form has expired. Type your email and password again.',
        );
      if (!body.email || !body.password) throw new HttpException(WRONG_CREDENTIALS, 400);
      await signIn(req, res);
      res.redirect(303, next);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      const html = this.pages.render(req, res, 'login', 'Sign in', {
        next,
        email: String(body.email ?? ''),
        errors: messagesOf(error),
        signInToken: this.signInTokens.issue(req, res),
      });
      res.status(error.getStatus()).type('html').send(html);
    }
  }

  @Post('logout')
  async logout(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.auth.recordSignOut(actor);
    await this.sessions.end(req);
    res.redirect(303, '/login');
  }
}

/** Passport's local strategy for the form, then a fresh session (same path as the API). */
function signIn(req: Request, res: Response): Promise<SessionUser> {
  return new Promise((resolve, reject) => {
    passport.authenticate('local', (err: unknown, user: SessionUser | false) => {
      if (err) return reject(err);
      if (!user) return reject(new HttpException(WRONG_CREDENTIALS, 401));
      req.logIn(user, (loginError) => {
        if (loginError) return reject(loginError);
        resolve(user);
      });
    })(req, res, reject);
  });
}

/** Only same-site paths: never an open redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/';
}
