import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  Post,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { validateDto } from '../common/validation';
import { answerForm, pick, submitForm } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';
import { ClinicImagesService, IMAGE_MAX_BYTES } from '../images/clinic-images.service';
import { UploadImageDto } from '../images/dto/upload-image.dto';

/** The form's labels, for messages that name a field. */
const LABELS = { image: 'Picture', name: 'Name', altText: 'Text alternative' };
/** Thumbnails on the page fit in this square. */
const THUMB_PIXELS = 96;

/** The clinic's pictures for its own blocks: list, upload, remove (editors and admins). */
@ApiExcludeController()
@Roles('editor')
@Controller('library/images')
export class ImagesPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly images: ClinicImagesService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.renderList(actor, req, res, {}, []);
  }

  @Post()
  // Multer's cap is generous; the picture check gives the precise 2 MB message.
  @UseInterceptors(
    FileInterceptor('image', { limits: { fileSize: 4 * IMAGE_MAX_BYTES, files: 1, fields: 10 } }),
  )
  async upload(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    const fields = pick(body ?? {}, ['name', 'altText']);
    const outcome = await submitForm(
      async () => this.images.upload(actor, validateDto(UploadImageDto, fields), file?.buffer),
      LABELS,
    );
    await answerForm(res, outcome, '/library/images', (errors) =>
      this.renderList(actor, req, res, fields, errors),
    );
  }

  @Post(':id/remove')
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const outcome = await submitForm(() => this.images.remove(actor, id), LABELS);
    await answerForm(res, outcome, '/library/images', (errors) =>
      this.renderList(actor, req, res, {}, errors),
    );
  }

  private async renderList(
    actor: Actor,
    req: Request,
    res: Response,
    submitted: Record<string, unknown>,
    errors: string[],
  ) {
    const images = (await this.images.list(actor)).map((image) => {
      const scale = Math.min(1, THUMB_PIXELS / Math.max(image.width, image.height));
      return {
        ...image,
        thumbWidth: Math.max(1, Math.round(image.width * scale)),
        thumbHeight: Math.max(1, Math.round(image.height * scale)),
        kilobytes: Math.max(1, Math.round(image.byteSize / 1024)),
      };
    });
    return this.pages.render(req, res, 'library/images', 'Pictures', {
      images,
      form: { name: String(submitted.name ?? ''), altText: String(submitted.altText ?? '') },
      errors,
    });
  }
}
