import { Scope } from '../auth/scopes';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { LanguageQueryDto } from './dto/block-query.dto';
import { ProtocolContentDto } from './dto/protocol-content.dto';
import { KeyPipe } from './key.pipe';
import { LibraryService } from './library.service';
import { ProtocolEditingService } from './protocol-editing.service';
import { NumberPipe } from '../common/number.pipe';

@ApiTags('library')
@Controller('api/templates')
export class ProtocolsController {
  constructor(
    private readonly library: LibraryService,
    private readonly editing: ProtocolEditingService,
  ) {}

  @Scope('handouts:read')
  @Get()
  @ApiOperation({
    summary:
      'Approved templates (protocols): ordered blocks with default values; ?language=es titles them in Spanish where translated',
  })
  list(@CurrentActor() actor: Actor, @Query() query: LanguageQueryDto) {
    return this.library.listProtocols(actor, query.language);
  }

  @Roles('editor')
  @Post()
  @ApiOperation({ summary: 'Create a template of your clinic’s own, as draft version 1' })
  create(@CurrentActor() actor: Actor, @Body() dto: ProtocolContentDto) {
    return this.editing.create(actor, { ...dto });
  }

  @Roles('editor')
  @Put(':key/draft')
  saveDraft(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Body() dto: ProtocolContentDto,
  ) {
    return this.editing.saveDraft(actor, key, { ...dto });
  }

  @Roles('editor')
  @Post(':key/versions/:number/approve')
  @HttpCode(200)
  approve(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Param('number', NumberPipe) number: number,
  ) {
    return this.editing.approveVersion(actor, key, number);
  }

  @Roles('editor')
  @Post(':key/retire')
  @HttpCode(204)
  retire(@CurrentActor() actor: Actor, @Param('key', KeyPipe) key: string): Promise<void> {
    return this.editing.retire(actor, key);
  }
}
