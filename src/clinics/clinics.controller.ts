import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  NotFoundException,
  Patch,
  Put,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ClinicsService } from './clinics.service';
import { UpdateClinicDto } from './dto/update-clinic.dto';
import { LOGO_MAX_BYTES } from './logo';

@ApiTags('clinic')
@Controller('api/clinic')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Get()
  @ApiOperation({ summary: 'Your clinic: contact details, branding and defaults' })
  get(@CurrentActor() actor: Actor) {
    return this.clinics.getClinic(actor);
  }

  @Roles('admin')
  @Patch()
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateClinicDto) {
    return this.clinics.updateClinic(actor, dto);
  }

  @Roles('admin')
  @Put('logo')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { logo: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: 'PNG or JPEG up to 300 KB, checked by content' })
  // Multer's cap is generous; checkLogo gives the precise 300 KB message.
  @UseInterceptors(FileInterceptor('logo', { limits: { fileSize: 4 * LOGO_MAX_BYTES, files: 1 } }))
  setLogo(@CurrentActor() actor: Actor, @UploadedFile() file: Express.Multer.File | undefined) {
    return this.clinics.setLogo(actor, file?.buffer);
  }

  @Roles('admin')
  @Delete('logo')
  removeLogo(@CurrentActor() actor: Actor) {
    return this.clinics.removeLogo(actor);
  }

  @Get('logo')
  @Header('Cache-Control', 'private, max-age=300')
  async logo(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const logo = await this.clinics.getLogo(actor.clinicId);
    if (!logo) throw new NotFoundException('logo: none set');
    res.type(logo.type).send(logo.bytes);
  }
}
