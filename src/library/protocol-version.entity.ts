import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { Protocol } from './protocol.entity';
import { ContentVersion } from './versioned-content.entity';

export interface ProtocolEntry {
  key: string;
  params?: Record<string, number | string>;
}

/** One version of a protocol; immutable once approved, like block versions. */
@Entity('protocol_versions')
@Index('UQ_protocol_versions_number', ['protocolId', 'number'], { unique: true })
@Check('CHK_protocol_versions_status', `"status" IN ('draft', 'approved', 'retired')`)
@Check('CHK_protocol_versions_approval', `("status" = 'draft') = ("approved_at" IS NULL)`)
export class ProtocolVersion extends ContentVersion {
  @Column({ name: 'protocol_id', type: 'uuid' })
  protocolId: string;

  @ManyToOne(() => Protocol, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'protocol_id' })
  protocol?: Relation<Protocol>;

  @Column({ type: 'varchar', length: 300 })
  description: string;

  @Column({ type: 'jsonb' })
  blocks: ProtocolEntry[];

  /** Title and description in other languages ({ es: { title, description } }); the blocks are the same. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  translations: Record<string, { title: string; description: string }>;
}
