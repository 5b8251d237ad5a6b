import { Scope } from '../auth/scopes';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { BlockEditingService } from './block-editing.service';
import { BlockPreviewService } from './block-preview.service';
import { BlockContentError, parseBlockFile } from './content/block-source';
import { ApproveDto, BlockContentDto, BlockSourceDto } from './dto/block-content.dto';
import { BlockQueryDto } from './dto/block-query.dto';
import { KeyPipe } from './key.pipe';
import { LibraryService } from './library.service';
import { NumberPipe } from '../common/number.pipe';

@ApiTags('library')
@Controller('api/blocks')
export class LibraryController {
  constructor(
    private readonly library: LibraryService,
    private readonly editing: BlockEditingService,
    private readonly preview: BlockPreviewService,
  ) {}

  @Scope('handouts:read')
  @Get()
  @ApiOperation({ summary: 'Approved blocks: shared ones and your clinic’s own' })
  list(@CurrentActor() actor: Actor, @Query() query: BlockQueryDto) {
    return this.library.listBlocks(actor, query);
  }

  @Roles('editor')
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a block file and draw it with its defaults; saves nothing' })
  async previewSource(@CurrentActor() actor: Actor, @Body() dto: BlockSourceDto) {
    let checked;
    try {
      checked = await this.editing.checkContent(actor, parseBlockFile(dto.source));
    } catch (error) {
      if (error instanceof BlockContentError)
        return { problems: error.problems, readability: null, html: '' };
      throw error;
    }
    const html = await this.preview.previewHtml(actor, checked.content, checked.elements);
    return { problems: [], readability: checked.readability, html };
  }

  @Scope('handouts:read')
  @Get(':key')
  @ApiOperation({ summary: 'A block with its current approved version and its version history' })
  get(@CurrentActor() actor: Actor, @Param('key', KeyPipe) key: string) {
    return this.library.getBlock(actor, key);
  }

  @Scope('handouts:read')
  @Get(':key/versions/:number')
  version(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Param('number', NumberPipe) number: number,
  ) {
    return this.library.getVersion(actor, key, number);
  }

  @Roles('editor')
  @Post()
  @ApiOperation({ summary: 'Create a block of your clinic’s own, as draft version 1' })
  create(@CurrentActor() actor: Actor, @Body() dto: BlockContentDto) {
    return this.editing.create(actor, { ...dto });
  }

  @Roles('editor')
  @Put(':key/draft')
  @ApiOperation({
    summary: 'Save the open draft, or start the next draft from the approved version',
  })
  saveDraft(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Body() dto: BlockContentDto,
  ) {
    return this.editing.saveDraft(actor, key, { ...dto });
  }

  @Roles('editor')
  @Put(':key/versions/:number')
  @ApiOperation({ summary: 'Edit a draft version; 409 for an approved or retired one' })
  updateVersion(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Param('number', NumberPipe) number: number,
    @Body() dto: BlockContentDto,
  ) {
    return this.editing.updateVersion(actor, key, number, { ...dto });
  }

  @Roles('editor')
  @Post(':key/versions/:number/approve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve a draft: it becomes current in its language and never changes again; 409 if not a draft',
  })
  approve(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Param('number', NumberPipe) number: number,
    @Body() dto: ApproveDto,
  ) {
    return this.editing.approveVersion(actor, key, number, dto);
  }

  @Roles('editor')
  @Post(':key/retire')
  @HttpCode(204)
  retire(@CurrentActor() actor: Actor, @Param('key', KeyPipe) key: string): Promise<void> {
    return this.editing.retire(actor, key);
  }
}
