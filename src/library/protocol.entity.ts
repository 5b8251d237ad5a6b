import { Column, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { ProtocolVersion } from './protocol-version.entity';
import { ContentItem } from './versioned-content.entity';

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
export class Protocol extends ContentItem {
  @Column({ type: 'varchar', length: 60 })
  condition: string;

  @ManyToOne(() => ProtocolVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'current_version_id' })
  currentVersion?: Relation<ProtocolVersion>;
}
