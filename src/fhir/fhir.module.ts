import { Module } from '@nestjs/common';

/** FHIR R4, read-only: /fhir/r4 (CapabilityStatement, Patient, DocumentReference). */
@Module({})
export class FhirModule {}
