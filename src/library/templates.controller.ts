import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { LibraryService } from './library.service';

@ApiTags('library')
@Controller('api/templates')
export class TemplatesController {
  constructor(private readonly library: LibraryService) {}

  @Get()
  @ApiOperation({ summary: 'Approved templates (protocols): ordered blocks with default values' })
  list(@CurrentActor() actor: Actor) {
    return this.library.listTemplates(actor);
  }
}
