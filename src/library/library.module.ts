import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ClinicsModule } from '../clinics/clinics.module';
import { ImagesModule } from '../images/images.module';
import { BlockEditingService } from './block-editing.service';
import { BlockPreviewService } from './block-preview.service';
import { BlockVersion } from './block-version.entity';
import { Block } from './block.entity';
import { LibraryImportService } from './library-import.service';
import { LibraryController } from './library.controller';
import { LibraryService } from './library.service';
import { ProtocolVersion } from './protocol-version.entity';
import { Protocol } from './protocol.entity';
import { ProtocolEditingService } from './protocol-editing.service';
import { ProtocolsController } from './protocols.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([Block, BlockVersion, Protocol, ProtocolVersion]),
    AuditModule,
    ClinicsModule,
    ImagesModule,
  ],
  controllers: [LibraryController, ProtocolsController],
  providers: [
    LibraryService,
    BlockEditingService,
    ProtocolEditingService,
    BlockPreviewService,
    LibraryImportService,
  ],
  exports: [
    LibraryService,
    LibraryImportService,
    BlockEditingService,
    BlockPreviewService,
    ProtocolEditingService,
  ],
})
export class LibraryModule {}
