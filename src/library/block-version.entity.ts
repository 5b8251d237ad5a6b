import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { Block } from './block.entity';
import type { Category, Source } from './content/block-source';
import type { ParameterSpec } from './content/parameter-spec';
import { ContentVersion, VersionStatus } from './versioned-content.entity';

export type { VersionStatus };

/**
 * One version of a block's text. Drafts change; an approved version never does again (a
 * database trigger enforces it), so a handout always shows exactly what was approved.
 * A block has versions in each language it is written in (`language`): English first, then
 * translations that share its key, parameters and figures, each with its own approval, sources
 * and reading score. Version numbers count a block's versions in every language.
 */
@Entity('block_versions')
@Index('UQ_block_versions_number', ['blockId', 'language', 'number'], { unique: true })
@Index('IDX_block_versions_search_trgm', { synchronize: false })
@Check('CHK_block_versions_status', `"status" IN ('draft', 'approved', 'retired')`)
@Check('CHK_block_versions_approval', `("status" = 'draft') = ("approved_at" IS NULL)`)
export class BlockVersion extends ContentVersion {
  @Column({ name: 'block_id', type: 'uuid' })
  blockId: string;

  @ManyToOne(() => Block, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'block_id' })
  block?: Relation<Block>;

  @Column({ type: 'varchar', length: 10, default: 'en' })
  language: string;

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

  /** Flesch-Kincaid and SMOG grades: English only (null in other languages). */
  @Column({ name: 'reading_grade', type: 'real', nullable: true })
  readingGrade: number | null;

  @Column({ name: 'smog_grade', type: 'real', nullable: true })
  smogGrade: number | null;

  /** Spanish: the Szigriszt-Pazos perspicuity (INFLESZ scale; 65 and over reads fairly easy). */
  @Column({ name: 'reading_ease', type: 'real', nullable: true })
  readingEase: number | null;

  /**
   * A translation checked by a person who reads its language, by name, and when; null until
   * then (the library marks it). Null for English, the language blocks are written in first.
   */
  @Column({ name: 'translation_checked_by', type: 'varchar', length: 120, nullable: true })
  translationCheckedBy: string | null;

  @Column({ name: 'translation_checked_on', type: 'date', nullable: true })
  translationCheckedOn: string | null;

  /** Key, title, summary and text in lower case, for word search (trigram index in the migration). */
  @Column({ name: 'search_text', type: 'text', select: false })
  searchText: string;
}
