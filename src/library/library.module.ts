import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ClinicsModule } from '../clinics/clinics.module';
import { BlockEditingService } from './block-editing.service';
import { BlockPreviewService } from './block-preview.service';
import { BlockVersion } from './block-version.entity';
import { Block } from './block.entity';
import { LibraryImportService } from './library-import.service';
import { LibraryController } from './library.controller';
import { LibraryPagesController } from './library.pages.controller';
import { LibraryService } from './library.service';
import { ProtocolVersion } from './protocol-version.entity';
import { Protocol } from './protocol.entity';
import { TemplateEditingService } from './template-editing.service';
import { TemplatesController } from './templates.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([Block, BlockVersion, Protocol, ProtocolVersion]),
    AuditModule,
    ClinicsModule,
  ],
  controllers: [LibraryController, TemplatesController, LibraryPagesController],
  providers: [
    LibraryService,
    BlockEditingService,
    TemplateEditingService,
    BlockPreviewService,
    LibraryImportService,
  ],
  exports: [LibraryService, LibraryImportService],
})
export class LibraryModule {}
