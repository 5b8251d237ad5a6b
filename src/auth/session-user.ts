import { Role } from '../users/user.entity';

/** What a session resolves to on each request (re-read from the database, so changes apply at once). */
export interface SessionUser {
  userId: string;
  clinicId: string;
  role: Role;
  name: string;
  email: string;
}
