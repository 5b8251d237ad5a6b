import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Header,
  HttpException,
  Inject,
  Param,
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
import { validateDto } from '../common/validation';
import { messagesOf, pick, submitForm } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';
import { SIGN_IN_CSRF_TOKENS } from '../auth/access.guard';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { AuthService, WRONG_CREDENTIALS } from '../auth/auth.service';
import { CsrfTokens } from '../auth/csrf';
import { ChangePasswordDto, ResetPasswordDto } from '../auth/dto/password.dto';
import { PasswordChangeService } from '../auth/password-change.service';
import { SessionService } from '../auth/session.service';
import { SessionUser } from '../auth/session-user';
import { SignInOriginGuard } from '../auth/sign-in-origin.guard';

@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly passwords: PasswordChangeService,
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
    @Query('reset') reset?: string,
  ) {
    return this.pages.render(req, res, 'login', 'Sign in', {
      next: safeNext(next),
      email: '',
      passwordSet: reset === '1',
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
        passwordSet: false,
        errors: messagesOf(error),
        signInToken: this.signInTokens.issue(req, res),
      });
      res.status(error.getStatus()).type('html').send(html);
    }
  }

  @Get('account/password')
  @Header('Content-Type', 'text/html; charset=utf-8')
  passwordForm(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('changed') changed?: string,
  ) {
    return this.pages.render(req, res, 'account/password', 'Change your password', {
      changed: changed === '1',
      errors: [],
    });
  }

  @Post('account/password')
  async changePassword(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const outcome = await submitForm(() => {
      const dto = validateDto(ChangePasswordDto, pick(body, ['currentPassword', 'newPassword']));
      return this.passwords.changeOwn(actor, req.session.id, dto.currentPassword, dto.newPassword);
    });
    if (outcome.ok) return res.redirect(303, '/account/password?changed=1');
    const html = this.pages.render(req, res, 'account/password', 'Change your password', {
      changed: false,
      errors: outcome.errors.map(labelled),
    });
    res.status(400).type('html').send(html);
  }

  @Public()
  @Get('reset-password/:token')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async resetForm(
    @Param('token') token: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const problem = await this.passwords.checkReset(token).then(
      () => null,
      (error: unknown) => {
        if (error instanceof HttpException) return error;
        throw error;
      },
    );
    if (problem) res.status(problem.getStatus());
    res.setHeader('Referrer-Policy', 'no-referrer');
    return this.pages.render(req, res, 'account/reset', 'Set a new password', {
      token,
      usable: !problem,
      errors: problem ? messagesOf(problem) : [],
    });
  }

  @Public()
  @Post('reset-password/:token')
  async reset(
    @Param('token') token: string,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    try {
      const dto = validateDto(ResetPasswordDto, pick(body, ['newPassword']));
      await this.passwords.resetWithToken(token, dto.newPassword);
      res.redirect(303, '/login?reset=1');
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      res.setHeader('Referrer-Policy', 'no-referrer');
      const html = this.pages.render(req, res, 'account/reset', 'Set a new password', {
        token,
        usable: error.getStatus() === 400,
        errors: messagesOf(error).map(labelled),
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

/** Pages say what a person sees on the form, not the API's field names. */
function labelled(message: string): string {
  return message
    .replace(/^currentPassword: /, 'Current password: ')
    .replace(/^newPassword: /, 'New password: ');
}

/** Only same-site paths: never an open redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/';
}
