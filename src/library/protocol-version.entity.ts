import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import type { VersionStatus } from './block-version.entity';
import { Protocol } from './protocol.entity';

export interface ProtocolEntry {
  key: string;
  params?: Record<string, number | string>;
}

/** One version of a protocol; immutable once approved, like block versions. */
@Entity('protocol_versions')
@Index('UQ_protocol_versions_number', ['protocolId', 'number'], { unique: true })
@Check('CHK_protocol_versions_status', `"status" IN ('draft', 'approved', 'retired')`)
@Check('CHK_protocol_versions_approval', `("status" = 'draft') = ("approved_at" IS NULL)`)
export class ProtocolVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'protocol_id', type: 'uuid' })
  protocolId: string;

  @ManyToOne(() => Protocol, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'protocol_id' })
  protocol?: Relation<Protocol>;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 10 })
  status: VersionStatus;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 300 })
  description: string;

  @Column({ type: 'jsonb' })
  blocks: ProtocolEntry[];

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ name: 'approved_by_id', type: 'uuid', nullable: true })
  approvedById: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
