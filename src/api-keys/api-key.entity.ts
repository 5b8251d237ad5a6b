import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { API_KEY_SCOPES, ApiKeyScope } from '../auth/scopes';
import { Clinic } from '../clinics/clinic.entity';

/**
 * A key another system (an EHR, a script) calls the API with, as `Authorization: Bearer`.
 * Only the SHA-256 of the key is stored: it is shown once, when created. A key belongs to one
 * clinic, carries scopes, and stops working the moment it is revoked.
 */
@Entity('api_keys')
@Index('UQ_api_keys_key_hash', ['keyHash'], { unique: true })
@Index('IDX_api_keys_clinic', ['clinicId', 'createdAt'])
@Check('CHK_api_keys_scopes', `"scopes" <@ ARRAY['${API_KEY_SCOPES.join("','")}']::text[]`)
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'clinic_id' })
  clinic?: Clinic;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'text', array: true })
  scopes: ApiKeyScope[];

  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;

  /** The key's first characters, so an admin can tell keys apart (not enough to use one). */
  @Column({ name: 'key_prefix', type: 'varchar', length: 16 })
  keyPrefix: string;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Updated at most once a minute. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by_id', type: 'uuid', nullable: true })
  revokedById: string | null;
}
