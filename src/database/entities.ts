import { AuditEvent } from '../audit/audit-event.entity';
import { SessionRecord } from '../auth/session-record.entity';
import { Clinic } from '../clinics/clinic.entity';
import { Patient } from '../patients/patient.entity';
import { User } from '../users/user.entity';

/** Every entity the schema is generated from. A new entity is added here. */
export const ENTITIES = [Clinic, User, Patient, AuditEvent, SessionRecord];
