import type { Role, User } from '../users/user.entity';
import type { ApiKeyCaller } from './api-key-request';

/** What a session resolves to on each request (re-read from the database, so changes apply at once). */
export interface SessionUser {
  userId: string;
  clinicId: string;
  role: Role;
  name: string;
  email: string;
  /** The clinic's time zone, for the times pages show (UTC until known). */
  timeZone?: string;
  /** Set when another system calls with an API key: `userId` is then the key's id. */
  apiKey?: ApiKeyCaller;
}

/** The session's view of a user (also the base of an Actor). */
export function toSessionUser(user: User): SessionUser {
  return {
    userId: user.id,
    clinicId: user.clinicId,
    role: user.role,
    name: user.name,
    email: user.email,
  };
}
