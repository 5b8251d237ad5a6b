import { ImagesModule } from '../images/images.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ClinicsModule } from '../clinics/clinics.module';
import { LibraryModule } from '../library/library.module';
import { PatientsModule } from '../patients/patients.module';
import { HandoutComposer } from './handout-composer.service';
import { HandoutPdfService } from './handout-pdf.service';
import { HandoutVersion } from './handout-version.entity';
import { Handout } from './handout.entity';
import { HandoutsController } from './handouts.controller';
import { HandoutsService } from './handouts.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Handout, HandoutVersion]),
    PatientsModule,
    LibraryModule,
    ClinicsModule,
    AuditModule,
    ImagesModule,
  ],
  controllers: [HandoutsController],
  providers: [HandoutsService, HandoutComposer, HandoutPdfService],
  exports: [HandoutsService, HandoutPdfService],
})
export class HandoutsModule {}
