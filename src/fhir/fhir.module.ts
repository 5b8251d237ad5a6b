import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HandoutVersion } from '../handouts/handout-version.entity';
import { HandoutsModule } from '../handouts/handouts.module';
import { Patient } from '../patients/patient.entity';
import { CapabilityService } from './capability.service';
import { DocumentReferenceController } from './document-reference.controller';
import { FhirDocumentsService } from './fhir-documents.service';
import { FhirPatientsService } from './fhir-patients.service';
import { MetadataController } from './metadata.controller';
import { PatientController } from './patient.controller';

/** FHIR R4, read-only: /fhir/r4 (CapabilityStatement, Patient, DocumentReference). */
@Module({
  imports: [TypeOrmModule.forFeature([Patient, HandoutVersion]), HandoutsModule],
  controllers: [MetadataController, PatientController, DocumentReferenceController],
  providers: [CapabilityService, FhirPatientsService, FhirDocumentsService],
})
export class FhirModule {}
