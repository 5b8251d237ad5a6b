import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { PdfCacheEntry } from './pdf-cache-entry.entity';

/** Bumped when the PDF settings in PdfRenderer change (margins, footer), to make new keys. */
export const RENDERER_VERSION = 'pdf-2';

export interface PdfKeyInputs {
  handoutVersionId: string;
  variant: string;
  paper: string;
  templateHash: string;
  footerText: string;
}

/**
 * PDFs of published versions, stored in PostgreSQL so all app instances share them. Identical
 * requests arriving together are rendered once.
 */
@Injectable()
export class PdfCache {
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  /** Recently served PDFs, in front of PostgreSQL (least recently used first out). */
  private readonly recent = new Map<string, Buffer>();
  private recentBytes = 0;
  readonly memoryBudget = 64 * 1024 * 1024;

  constructor(
    @InjectRepository(PdfCacheEntry) private readonly entries: Repository<PdfCacheEntry>,
  ) {}

  keyOf(inputs: PdfKeyInputs): string {
    return createHash('sha256')
      .update(
        JSON.stringify([
          RENDERER_VERSION,
          inputs.handoutVersionId,
          inputs.variant,
          inputs.paper,
          inputs.templateHash,
          inputs.footerText,
        ]),
      )
      .digest('hex');
  }

  /** The cached bytes, or renders them once (also across concurrent callers) and stores them. */
  async getOrRender(
    key: string,
    handoutVersionId: string,
    render: () => Promise<Buffer>,
  ): Promise<Buffer> {
    const stored = await this.entries.findOne({
      where: { key },
      select: { key: true, bytes: true },
    });
    if (stored) return stored.bytes;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = render()
        .then(async (bytes) => {
          await this.entries
            .createQueryBuilder()
            .insert()
            .values({ key, handoutVersionId, bytes, size: bytes.length })
            .orIgnore()
            .execute();
          // Another instance may have stored its own render first: serve the stored one.
          const winner = await this.entries.findOne({
            where: { key },
            select: { key: true, bytes: true },
          });
          return winner?.bytes ?? bytes;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private remember(key: string, bytes: Buffer): Buffer {
    if (bytes.length > this.memoryBudget / 8 || this.recent.has(key)) return bytes;
    this.recent.set(key, bytes);
    this.recentBytes += bytes.length;
    for (const [oldKey, oldBytes] of this.recent) {
      if (this.recentBytes <= this.memoryBudget) break;
      this.recent.delete(oldKey);
      this.recentBytes -= oldBytes.length;
    }
    return bytes;
  }
}
