import { Role } from '../users/user.entity';
import { SessionUser } from './session-user';

/** Where a request came from; recorded with every audit event. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** The signed-in person a service acts for. Every query a service makes is scoped to `clinicId`. */
export interface Actor extends SessionUser, RequestOrigin {}

/** Role check with admin as a superset of every other role. */
export function hasRole(actor: Pick<Actor, 'role'>, ...roles: Role[]): boolean {
  return actor.role === 'admin' || roles.includes(actor.role);
}
