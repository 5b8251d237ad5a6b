import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PdfRenderer, RendererStatus } from '../rendering/pdf-renderer.service';

export type ComponentStatus = { status: 'up' } | { status: 'down'; message: string };

export interface HealthReport {
  status: 'ok' | 'error';
  database: ComponentStatus;
  /** PDFs only: the portal serves everything else without a browser. */
  renderer: RendererStatus;
}

const DATABASE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pdf: PdfRenderer,
  ) {}

  async check(): Promise<HealthReport> {
    const database = await this.checkDatabase();
    return {
      status: database.status === 'up' ? 'ok' : 'error',
      database,
      renderer: this.pdf.status(),
    };
  }

  private async checkDatabase(): Promise<ComponentStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within 2 s')), DATABASE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: (error as Error).message || 'unreachable' };
    } finally {
      clearTimeout(timer);
    }
  }
}
