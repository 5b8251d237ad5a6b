import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { HandoutsModule } from '../handouts/handouts.module';
import { LibraryModule } from '../library/library.module';
import { Patient } from './patient.entity';
import { PatientsController } from './patients.controller';
import { PatientsPagesController } from './patients.pages.controller';
import { PatientsService } from './patients.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Patient]),
    AuditModule,
    forwardRef(() => HandoutsModule),
    LibraryModule,
  ],
  controllers: [PatientsController, PatientsPagesController],
  providers: [PatientsService],
  exports: [PatientsService],
})
export class PatientsModule {}
