import { Body, Controller, Get, Header, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { ApiKeysService, IssuedApiKey } from '../api-keys/api-keys.service';
import { CreateApiKeyDto } from '../api-keys/dto/create-api-key.dto';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { API_KEY_SCOPES } from '../auth/scopes';
import { IdPipe } from '../common/id.pipe';
import { validateDto } from '../common/validation';
import { answerForm, pick, submitForm } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';

const LABELS = { name: 'Name', scopes: 'What it may do' };

/** What each scope lets another system do, in the words the page uses. */
const SCOPE_TEXT: Record<(typeof API_KEY_SCOPES)[number], string> = {
  'patients:read': 'Read patients',
  'patients:write': 'Add and change patients',
  'handouts:read': 'Read handouts, their PDFs and check-ins, and the library',
  'handouts:write': 'Start, edit and publish handouts',
  'links:write': 'Issue and revoke patient links',
};

/** Clinic settings: keys for other systems (an EHR, a script). */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/api-keys')
export class ApiKeysPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly keys: ApiKeysService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  list(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.render(actor, req, res, { name: '', scopes: [] }, []);
  }

  @Post()
  async create(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields = pick(body, ['name', 'scopes']);
    const scopes = [fields.scopes ?? []].flat().map(String);
    const form = { name: String(fields.name ?? ''), scopes };
    const outcome = await submitForm(
      () => this.keys.createKey(actor, validateDto(CreateApiKeyDto, { ...fields, scopes })),
      LABELS,
    );
    if (!outcome.ok) {
      await answerForm(res, outcome, '/admin/api-keys', (errors) =>
        this.render(actor, req, res, form, errors),
      );
      return;
    }
    // The key itself is on this answer only: never cached, never sent on as a referrer.
    res
      .status(201)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(await this.render(actor, req, res, { name: '', scopes: [] }, [], outcome.value));
  }

  @Post(':id/revoke')
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Res() res: Response,
  ) {
    await this.keys.revokeKey(actor, id);
    res.redirect(303, '/admin/api-keys');
  }

  private async render(
    actor: Actor,
    req: Request,
    res: Response,
    form: { name: string; scopes: string[] },
    errors: string[],
    issued: IssuedApiKey | null = null,
  ) {
    const keys = (await this.keys.listKeys(actor)).map((key) => ({
      ...key,
      scopeText: key.scopes.map((s) => SCOPE_TEXT[s]),
    }));
    return this.pages.render(req, res, 'admin/api-keys', 'API keys', {
      keys,
      scopes: API_KEY_SCOPES.map((value) => ({
        value,
        text: SCOPE_TEXT[value],
        checked: form.scopes.includes(value),
      })),
      form,
      errors,
      issued,
    });
  }
}
