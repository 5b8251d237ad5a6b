import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../common/public.decorator';
import { Actor } from './actor';
import { CurrentActor } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, SessionResponseDto } from './dto/login.dto';
import { ChangePasswordDto, ResetPasswordDto } from './dto/password.dto';
import { LocalAuthGuard } from './local-auth.guard';
import { PasswordChangeService } from './password-change.service';
import { SessionService } from './session.service';
import { SignInOriginGuard } from './sign-in-origin.guard';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly passwords: PasswordChangeService,
  ) {}

  @Public()
  @UseGuards(SignInOriginGuard, LocalAuthGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; 401 for any wrong credential, 429 when throttled' })
  @ApiOkResponse({ type: SessionResponseDto })
  login(
    @Body() _credentials: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sessions.describe(req, res);
  }

  @Get('me')
  @ApiOkResponse({ type: SessionResponseDto })
  me(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.sessions.describe(req, res);
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your own password (the current one required); ends your other sessions',
  })
  changePassword(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    return this.passwords.changeOwn(actor, req.session.id, dto.currentPassword, dto.newPassword);
  }

  @Public()
  @Post('password-reset/:token')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with a one-time link an admin issued' })
  resetPassword(@Param('token') token: string, @Body() dto: ResetPasswordDto): Promise<void> {
    return this.passwords.resetWithToken(token, dto.newPassword);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentActor() actor: Actor, @Req() req: Request): Promise<void> {
    await this.auth.recordSignOut(actor);
    await this.sessions.end(req);
  }
}
