import { Role } from '../users/user.entity';
import { SessionUser } from './session-user';

import type { RequestOrigin } from '../audit/audit-actor';

export type { RequestOrigin };

/** The signed-in person a service acts for. Every query a service makes is scoped to `clinicId`. */
export interface Actor extends SessionUser, RequestOrigin {}

/** Role check with admin as a superset of every other role. */
export function hasRole(actor: Pick<Actor, 'role'>, ...roles: Role[]): boolean {
  return actor.role === 'admin' || roles.includes(actor.role);
}
