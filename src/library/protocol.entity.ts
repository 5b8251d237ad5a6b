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
import { Clinic } from '../clinics/clinic.entity';
import { ProtocolVersion } from './protocol-version.entity';

/**
 * A protocol: a named, ordered list of blocks with default values, e.g. "First 72 hours after a
 * back spasm". Called a template in the API and on screen.
 */
@Entity('protocols')
@Index('UQ_protocols_shared_key', ['key'], { unique: true, where: '"owner_clinic_id" IS NULL' })
@Index('UQ_protocols_clinic_key', ['ownerClinicId', 'key'], {
  unique: true,
  where: '"owner_clinic_id" IS NOT NULL',
})
export class Protocol {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 60 })
  key: string;

  @Column({ name: 'owner_clinic_id', type: 'uuid', nullable: true })
  ownerClinicId: string | null;

  @ManyToOne(() => Clinic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_clinic_id' })
  ownerClinic?: Clinic;

  @Column({ type: 'varchar', length: 60 })
  condition: string;

  @Column({ name: 'current_version_id', type: 'uuid', nullable: true })
  currentVersionId: string | null;

  @ManyToOne(() => ProtocolVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'current_version_id' })
  currentVersion?: Relation<ProtocolVersion>;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
