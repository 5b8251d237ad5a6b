import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CheckInsModule } from '../check-ins/check-ins.module';
import { ClinicsModule } from '../clinics/clinics.module';
import { HandoutsModule } from '../handouts/handouts.module';
import { ImagesModule } from '../images/images.module';
import { LibraryModule } from '../library/library.module';
import { PatientsModule } from '../patients/patients.module';
import { PortalModule } from '../portal/portal.module';
import { UsersModule } from '../users/users.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { MessagingModule } from '../messaging/messaging.module';
import { ApiKeysPagesController } from './api-keys.pages.controller';
import { AuditPagesController } from './audit.pages.controller';
import { AuthPagesController } from './auth.pages.controller';
import { ClinicsPagesController } from './clinics.pages.controller';
import { HandoutsPagesController } from './handouts.pages.controller';
import { ImagesPagesController } from './images.pages.controller';
import { LibraryPagesController } from './library.pages.controller';
import { PatientsPagesController } from './patients.pages.controller';
import { UsersPagesController } from './users.pages.controller';

/**
 * The staff's server-rendered pages, one controller a screen area. This is the one layer
 * allowed to combine features for a screen (the patient page shows handouts, the builder shows
 * the library, a handout's page shows how the portal was used). Features never import it; the
 * module map in .dependency-cruiser.cjs checks that. The patient's portal pages stay with the
 * portal, which owns their access rules.
 */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    ClinicsModule,
    PatientsModule,
    HandoutsModule,
    LibraryModule,
    ImagesModule,
    PortalModule,
    CheckInsModule,
    AuditModule,
    MessagingModule,
    ApiKeysModule,
  ],
  controllers: [
    AuthPagesController,
    UsersPagesController,
    ClinicsPagesController,
    PatientsPagesController,
    HandoutsPagesController,
    // Before the library's pages, whose /library/:key would otherwise take /library/images.
    ImagesPagesController,
    LibraryPagesController,
    AuditPagesController,
    ApiKeysPagesController,
  ],
})
export class WebModule {}
