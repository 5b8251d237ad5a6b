import {
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

/** A patient of one clinic. Never deleted: archived instead. */
@Entity('patients')
@Index('UQ_patients_clinic_mrn', ['clinicId', 'mrn'], { unique: true })
@Index('IDX_patients_clinic_name', ['clinicId', 'displayName'])
// Name search uses a trigram index on lower(display_name), written by hand in the migration.
@Index('IDX_patients_name_trgm', { synchronize: false })
@Index('IDX_patients_mrn_prefix', { synchronize: false })
export class Patient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'clinic_id' })
  clinic?: Clinic;

  /** How the patient is addressed on handouts, e.g. "Maria L.". */
  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName: string;

  /** YYYY-MM-DD. */
  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth: string;

  /** Medical record number, unique within the clinic when present. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  mrn: string | null;

  /** Where the patient's portal links may be emailed; never in a log or the audit trail. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** Mobile number in E.164 ("+447700900123"), for links by text message. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phone: string | null;

  /** BCP 47 language tag for the patient's handouts. */
  @Column({ type: 'varchar', length: 10, default: 'en' })
  language: string;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
