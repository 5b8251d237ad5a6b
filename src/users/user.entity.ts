import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Clinic } from '../clinics/clinic.entity';

export type Role = 'clinician' | 'editor' | 'admin';
export const ROLES: Role[] = ['clinician', 'editor', 'admin'];

/**
 * A person who signs in: clinician, content editor or clinic admin. An email is unique within
 * a clinic, not across clinics, so adding a user never reveals another clinic's staff.
 */
@Entity('users')
@Index('UQ_users_clinic_email', ['clinicId', 'email'], { unique: true })
@Index('IDX_users_email', ['email'])
@Index('IDX_users_clinic', ['clinicId'])
@Check('CHK_users_role', `"role" IN ('clinician', 'editor', 'admin')`)
@Check('CHK_users_email_lower', `"email" = lower("email")`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'clinic_id' })
  clinic?: Clinic;

  /** Stored lower-cased, so uniqueness within the clinic is case-insensitive. */
  @Column({ length: 254 })
  email: string;

  @Column({ length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  role: Role;

  @Column({ name: 'password_hash', length: 200, select: false })
  passwordHash: string;

  @Column({ default: false })
  disabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
