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
import { Block } from './block.entity';
import type { Category, Source } from './content/block-source';
import type { ParameterSpec } from './content/parameter-spec';

export type VersionStatus = 'draft' | 'approved' | 'retired';

/**
 * One version of a block's text. Drafts change; an approved version never does again (a
 * database trigger enforces it), so a handout always shows exactly what was approved.
 * `language` leaves room for a Spanish version beside the English one.
 */
@Entity('block_versions')
@Index('UQ_block_versions_number', ['blockId', 'language', 'number'], { unique: true })
@Index('IDX_block_versions_search_trgm', { synchronize: false })
@Check('CHK_block_versions_status', `"status" IN ('draft', 'approved', 'retired')`)
@Check('CHK_block_versions_approval', `("status" = 'draft') = ("approved_at" IS NULL)`)
export class BlockVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'block_id', type: 'uuid' })
  blockId: string;

  @ManyToOne(() => Block, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'block_id' })
  block?: Relation<Block>;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 10, default: 'en' })
  language: string;

  @Column({ type: 'varchar', length: 10 })
  status: VersionStatus;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  /** Category and conditions travel with the version and reach the block when it is approved. */
  @Column({ type: 'varchar', length: 30 })
  category: Category;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  conditions: string[];

  @Column({ type: 'varchar', length: 240 })
  summary: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'jsonb' })
  parameters: ParameterSpec[];

  @Column({ type: 'jsonb' })
  sources: Source[];

  @Column({ name: 'reading_grade', type: 'real' })
  readingGrade: number;

  @Column({ name: 'smog_grade', type: 'real' })
  smogGrade: number;

  /** Key, title, summary and text in lower case, for word search (trigram index in the migration). */
  @Column({ name: 'search_text', type: 'text', select: false })
  searchText: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  /** Null for versions imported from the repository's starter library. */
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ name: 'approved_by_id', type: 'uuid', nullable: true })
  approvedById: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
