import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api keys')
@Roles('admin')
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary:
      'Create a key for another system (an EHR, a script); the key is in this answer only, send it as Authorization: Bearer',
  })
  @ApiCreatedResponse({ description: '{ id, name, scopes, key }' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto) {
    return this.keys.createKey(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: "The clinic's keys (never the keys themselves), with last use" })
  list(@CurrentActor() actor: Actor) {
    return this.keys.listKeys(actor).then((items) => ({ items }));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key; the next call with it is refused' })
  revoke(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.keys.revokeKey(actor, id);
  }
}
