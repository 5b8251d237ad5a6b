import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CheckInsModule } from '../check-ins/check-ins.module';
import { ClinicsModule } from '../clinics/clinics.module';
import { HandoutVersion } from '../handouts/handout-version.entity';
import { Handout } from '../handouts/handout.entity';
import { HandoutsModule } from '../handouts/handouts.module';
import { Patient } from '../patients/patient.entity';
import { MessagingModule } from '../messaging/messaging.module';
import { LinkDelivery } from './link-delivery.entity';
import { LinkDeliveryService } from './link-delivery.service';
import { LinksController } from './links.controller';
import { LinksService } from './links.service';
import { PatientHandoutsController } from './patient-handouts.controller';
import { PortalLink } from './portal-link.entity';
import { PortalUsageService } from './portal-usage.service';
import { PortalRateLimiter } from './portal-rate-limiter';
import { PortalController } from './portal.controller';
import { PortalService } from './portal.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([PortalLink, LinkDelivery, Handout, HandoutVersion, Patient]),
    HandoutsModule,
    ClinicsModule,
    AuditModule,
    CheckInsModule,
    MessagingModule,
  ],
  controllers: [LinksController, PortalController, PatientHandoutsController],
  providers: [
    LinksService,
    LinkDeliveryService,
    PortalService,
    PortalRateLimiter,
    PortalUsageService,
  ],
  exports: [LinksService, PortalUsageService],
})
export class PortalModule {}
