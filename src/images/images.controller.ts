import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ClinicImagesService, IMAGE_MAX_BYTES } from './clinic-images.service';
import { UploadImageDto } from './dto/upload-image.dto';

@ApiTags('images')
@Roles('editor')
@Controller('api/images')
export class ImagesController {
  constructor(private readonly images: ClinicImagesService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['image', 'name', 'altText'],
      properties: {
        image: { type: 'string', format: 'binary' },
        name: { type: 'string', example: 'knee-to-chest' },
        altText: { type: 'string', example: 'A person lying on their back, hugging one knee' },
      },
    },
  })
  @ApiOperation({
    summary: 'A picture for the clinic’s blocks: PNG or JPEG up to 2 MB, checked by content',
  })
  // Multer's cap is generous; the picture check gives the precise 2 MB message.
  @UseInterceptors(
    FileInterceptor('image', { limits: { fileSize: 4 * IMAGE_MAX_BYTES, files: 1, fields: 10 } }),
  )
  upload(
    @CurrentActor() actor: Actor,
    @Body() dto: UploadImageDto,
    @UploadedFile() file: Express.Multer.File | undefined,
  ) {
    return this.images.upload(actor, dto, file?.buffer);
  }

  @Get()
  @ApiOperation({ summary: 'The clinic’s pictures, newest first (no bytes)' })
  async list(@CurrentActor() actor: Actor) {
    return { items: await this.images.list(actor) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'The picture itself, as PNG or JPEG' })
  async read(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const image = await this.images.read(actor.clinicId, id);
    // Set only once the picture is found: a refusal stays no-store.
    res
      .set({ 'Cache-Control': 'private, max-age=300', 'X-Content-Type-Options': 'nosniff' })
      .type(image.type)
      .send(image.bytes);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a picture no block shows (409 naming the blocks otherwise)' })
  remove(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.images.remove(actor, id);
  }
}
