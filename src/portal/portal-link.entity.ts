import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { Handout } from '../handouts/handout.entity';

/**
 * A patient's link to a handout. Only the SHA-256 of the token is stored: the full address is
 * shown once, when the link is issued. Each link expires, can be revoked on its own, and may
 * ask for the patient's date of birth (locking for 15 minutes after 5 wrong answers).
 */
@Entity('portal_links')
@Index('UQ_portal_links_token_hash', ['tokenHash'], { unique: true })
@Index('UQ_portal_links_short_code_hash', ['shortCodeHash'], {
  unique: true,
  where: '"short_code_hash" IS NOT NULL',
})
@Index('IDX_portal_links_handout', ['clinicId', 'handoutId'])
export class PortalLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ name: 'handout_id', type: 'uuid' })
  handoutId: string;

  @ManyToOne(() => Handout, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'handout_id' })
  handout?: Relation<Handout>;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  /**
   * SHA-256 of the link's short code: the address a person can type from a printout
   * (host/p/c/<code>). Null for links issued before short codes.
   */
  @Column({ name: 'short_code_hash', type: 'varchar', length: 64, nullable: true })
  shortCodeHash: string | null;

  @Column({ name: 'require_dob', type: 'boolean' })
  requireDob: boolean;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'failed_dob_attempts', type: 'int', default: 0 })
  failedDobAttempts: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'lock_count', type: 'int', default: 0 })
  lockCount: number;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
