import { Clinic } from '../clinics/clinic.entity';
import { User } from '../users/user.entity';

/** Every entity the schema is generated from. A new entity is added here. */
export const ENTITIES = [Clinic, User];
