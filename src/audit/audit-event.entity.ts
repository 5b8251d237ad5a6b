import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ActorType = 'user' | 'api_key' | 'link' | 'system' | 'anonymous';
export const OUTCOMES = ['success', 'failure', 'denied', 'throttled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * One row per thing that happened. Append-only: a trigger in the database refuses UPDATE and
 * DELETE. Holds ids, never patient names, dates of birth or tokens.
 */
@Entity('audit_events')
@Index('IDX_audit_clinic_at', ['clinicId', 'at'])
@Index('IDX_audit_action_target_at', ['action', 'targetId', 'at'])
@Index('IDX_audit_action_ip_at', ['action', 'ip', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** Null only for events that belong to no clinic (a sign-in with an unknown email). */
  @Column({ name: 'clinic_id', type: 'uuid', nullable: true })
  clinicId: string | null;

  @Column({ name: 'actor_type', type: 'varchar', length: 10 })
  actorType: ActorType;

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  /** Dotted verb, e.g. `auth.sign_in`, `patient.created`, `portal.opened`. */
  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ name: 'target_type', type: 'varchar', length: 30, nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 64, nullable: true })
  targetId: string | null;

  @Column({ type: 'varchar', length: 10 })
  outcome: Outcome;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  /** Small non-identifying facts (changed field names, version numbers). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  details: Record<string, unknown>;
}
