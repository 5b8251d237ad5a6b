import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HandoutsModule } from '../handouts/handouts.module';
import { LibraryModule } from '../library/library.module';
import { PatientsModule } from '../patients/patients.module';
import { AuditPagesController } from './audit.pages.controller';
import { PatientsPagesController } from './patients.pages.controller';

/**
 * Server-rendered pages that combine features for one screen (the patient page shows the
 * patient, their handouts and the templates to start one from), and the audit trail's pages,
 * which keep the trail itself a leaf. The other features' pages move here as they are touched. Features never import this
 * layer; the module map in .dependency-cruiser.cjs checks it.
 */
@Module({
  imports: [PatientsModule, HandoutsModule, LibraryModule, AuditModule],
  controllers: [PatientsPagesController, AuditPagesController],
})
export class WebModule {}
