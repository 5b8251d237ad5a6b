import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Scope } from '../auth/scopes';
import { ChannelsView, MessagingService } from './messaging.service';

@ApiTags('portal links')
@Roles('clinician')
@Controller('api/messaging')
export class MessagingController {
  constructor(private readonly messaging: MessagingService) {}

  @Scope('links:write')
  @Get('channels')
  @ApiOperation({
    summary:
      'Whether links can be sent by email and text message here (via smtp, twilio, or the development outbox); a channel not set up refuses sendTo',
  })
  channels(): ChannelsView {
    return this.messaging.availability();
  }
}
