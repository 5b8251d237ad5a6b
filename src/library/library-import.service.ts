import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loggerFor } from '../logging/logger';
import { ImportReport, LibraryImporter } from './library-importer';

/** The starter library importer as a Nest service (run at start-up and by the CLI). */
@Injectable()
export class LibraryImportService {
  private readonly logger = loggerFor(LibraryImportService.name);

  constructor(private readonly dataSource: DataSource) {}

  async importStarterLibrary(): Promise<ImportReport> {
    const report = await new LibraryImporter(this.dataSource).importStarterLibrary();
    this.logger.info(
      {
        blocksCreated: report.blocks.created.length,
        blocksUpdated: report.blocks.updated.length,
        templatesCreated: report.templates.created.length,
        templatesUpdated: report.templates.updated.length,
      },
      'starter library imported',
    );
    return report;
  }
}
