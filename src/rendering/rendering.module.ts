import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HandoutRenderer } from './handout-renderer.service';
import { PdfCacheEntry } from './pdf-cache-entry.entity';
import { PdfCache } from './pdf-cache.service';
import { PdfRenderer } from './pdf-renderer.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([PdfCacheEntry])],
  providers: [HandoutRenderer, PdfRenderer, PdfCache],
  exports: [HandoutRenderer, PdfRenderer, PdfCache],
})
export class RenderingModule {}
