import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ClinicImage } from './clinic-image.entity';
import { ClinicImagesService } from './clinic-images.service';
import { ImagesController } from './images.controller';

/** Pictures a clinic uploads for its own blocks; the library and the renderer use the service. */
@Module({
  imports: [TypeOrmModule.forFeature([ClinicImage]), AuditModule],
  controllers: [ImagesController],
  providers: [ClinicImagesService],
  exports: [ClinicImagesService],
})
export class ImagesModule {}
