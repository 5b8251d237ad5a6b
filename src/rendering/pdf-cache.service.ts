import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { PdfCacheEntry } from './pdf-cache-entry.entity';

/** Everything a PDF's bytes depend on; a change to any of them makes a new key. */
export interface PdfKeyInputs {
  handoutVersionId: string;
  variant: string;
  paper: string;
  /** The look: handout templates and stylesheet (HandoutRenderer.styleHash). */
  styleHash: string;
  /** Page rules, Chromium, its flags and print options, fonts (PdfRenderer.fingerprint). */
  rendererFingerprint: string;
  footerText: string;
}

/**
 * PDFs of published versions, stored in PostgreSQL so all app instances share them, with the
 * most recently served ones (up to 64 MB) also kept in this process: a key names immutable
 * bytes, so a copy in memory can never be stale. Identical requests arriving together are
 * rendered once.
 */
@Injectable()
export class PdfCache {
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  readonly memoryBudget = 64 * 1024 * 1024;
  /** Recently served PDFs, in front of PostgreSQL: at most 64 MB, least recently used out first. */
  private readonly recent = new LRUCache<string, Buffer>({
    maxSize: this.memoryBudget,
    maxEntrySize: this.memoryBudget / 8,
    sizeCalculation: (bytes) => bytes.length,
  });

  constructor(
    @InjectRepository(PdfCacheEntry) private readonly entries: Repository<PdfCacheEntry>,
  ) {}

  keyOf(inputs: PdfKeyInputs): string {
    return createHash('sha256')
      .update(
        JSON.stringify([
          inputs.rendererFingerprint,
          inputs.handoutVersionId,
          inputs.variant,
          inputs.paper,
          inputs.styleHash,
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
    const known = this.recent.get(key);
    if (known) return known;
    // Callers asking for the same key together share one lookup and at most one render.
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.loadOrRender(key, handoutVersionId, render).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async loadOrRender(
    key: string,
    handoutVersionId: string,
    render: () => Promise<Buffer>,
  ): Promise<Buffer> {
    const stored = await this.entries.findOne({
      where: { key },
      select: { key: true, bytes: true },
    });
    if (stored) return this.remember(key, stored.bytes);
    const bytes = await render();
    const inserted: unknown[] = await this.entries.query(
      `INSERT INTO pdf_cache (key, handout_version_id, bytes, size) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, handoutVersionId, bytes, bytes.length],
    );
    if (inserted.length > 0) return this.remember(key, bytes);
    // Another instance stored its own render first: serve the stored one, everywhere alike.
    const winner = await this.entries.findOne({
      where: { key },
      select: { key: true, bytes: true },
    });
    return this.remember(key, winner?.bytes ?? bytes);
  }

  private remember(key: string, bytes: Buffer): Buffer {
    this.recent.set(key, bytes); // one over an eighth of the budget is not kept
    return bytes;
  }
}
