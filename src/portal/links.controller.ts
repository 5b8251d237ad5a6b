import { Scope } from '../auth/scopes';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { sendPdf } from '../rendering/send-pdf';
import { PrintLinkDto } from './dto/print-link.dto';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { IssueLinkDto } from './dto/issue-link.dto';
import { LinksService } from './links.service';

@ApiTags('portal links')
@Roles('clinician')
@Controller('api')
export class LinksController {
  constructor(private readonly links: LinksService) {}

  @Scope('links:write')
  @Post('handouts/:id/links')
  @ApiOperation({
    summary:
      'Issue a patient link; the url (with its token) and QR code are shown only in this answer',
  })
  issue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: IssueLinkDto) {
    return this.links.issuePortalLink(actor, id, dto);
  }

  @Scope('handouts:read')
  @Get('handouts/:id/links')
  list(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.links.listLinks(actor, id).then((items) => ({ items }));
  }

  @Scope('links:write')
  @Delete('links/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a link; it stops working at once' })
  revoke(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.links.revokeLink(actor, id);
  }

  @Scope('links:write')
  @Post('links/:id/pdf')
  @HttpCode(200)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      'Print the latest version with this link’s QR code (send the token from the issued address)',
  })
  async printWithLink(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body() dto: PrintLinkDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    sendPdf(req, res, await this.links.printWithLink(actor, id, dto));
  }

  @Scope('handouts:read')
  @Get('handouts/:id/activity')
  @ApiOperation({
    summary: 'Opens and downloads by the patient, publishes and links, newest first',
  })
  activity(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.links.activity(actor, id);
  }
}
