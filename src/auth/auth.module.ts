import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { AccessGuard, CSRF_TOKENS, SIGN_IN_CSRF_TOKENS } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { createCsrfTokens, createSignInCsrfTokens } from './csrf';
import { LocalStrategy } from './local.strategy';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordChangeService } from './password-change.service';
import { PasswordReset } from './password-reset.entity';
import { PasswordService } from './password.service';
import { SessionRecord } from './session-record.entity';
import { SessionService } from './session.service';
import { SessionSerializer } from './session.serializer';
import { SignInOriginGuard } from './sign-in-origin.guard';

@Module({
  imports: [
    PassportModule.register({ session: true }),
    TypeOrmModule.forFeature([User, SessionRecord, PasswordReset]),
    AuditModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    LocalStrategy,
    SessionSerializer,
    LoginThrottleService,
    SessionService,
    PasswordService,
    PasswordChangeService,
    { provide: CSRF_TOKENS, inject: [AppConfig], useFactory: createCsrfTokens },
    { provide: SIGN_IN_CSRF_TOKENS, inject: [AppConfig], useFactory: createSignInCsrfTokens },
    SignInOriginGuard,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    AuthService,
    PasswordService,
    PasswordChangeService,
    SessionService,
    CSRF_TOKENS,
    SIGN_IN_CSRF_TOKENS,
    SignInOriginGuard,
  ],
})
export class AuthModule {}
