import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Rendered PDFs, shared by every app instance. A published version never changes, so its PDF
 * is rendered once per variant, paper size, template and renderer; any change to those makes a
 * new key, never a stale PDF.
 */
@Entity('pdf_cache')
@Index('IDX_pdf_cache_version', ['handoutVersionId'])
export class PdfCacheEntry {
  /** sha256 of the inputs; also the strong ETag. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ name: 'handout_version_id', type: 'uuid' })
  handoutVersionId: string;

  @Column({ type: 'bytea' })
  bytes: Buffer;

  @Column({ type: 'int' })
  size: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
