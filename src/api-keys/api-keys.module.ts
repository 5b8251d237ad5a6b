import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { BearerAuthentication } from './bearer-authentication';

/**
 * Keys other systems call the API with: created, listed and revoked by an admin; read on each
 * bearer call by BearerAuthentication (installed by app.factory.ts before sessions).
 */
@Module({
  imports: [AuditModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, BearerAuthentication],
  exports: [ApiKeysService, BearerAuthentication],
})
export class ApiKeysModule {}
