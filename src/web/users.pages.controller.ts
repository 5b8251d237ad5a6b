import { Body, Controller, Get, Header, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { PasswordChangeService } from '../auth/password-change.service';
import { IdPipe } from '../common/id.pipe';
import { validateDto } from '../common/validation';
import { answerForm, pick, submitForm } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';
import { CreateUserDto } from '../users/dto/create-user.dto';
import { UpdateUserDto } from '../users/dto/update-user.dto';
import { ROLES } from '../users/user.entity';
import { UsersService } from '../users/users.service';

/** The forms' labels, for messages that name a field. */
const LABELS = {
  name: 'Name',
  email: 'Email',
  role: 'Role',
  password: 'First password',
  disabled: 'Account',
};

@ApiExcludeController()
@Roles('admin')
@Controller('admin/users')
export class UsersPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly users: UsersService,
    private readonly passwords: PasswordChangeService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.renderList(actor, req, res, { email: '', name: '', role: 'clinician' }, []);
  }

  @Post()
  async create(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields = pick(body, ['email', 'name', 'role', 'password']);
    const outcome = await submitForm(
      () => this.users.createUser(actor.clinicId, validateDto(CreateUserDto, fields), actor),
      LABELS,
    );
    const form = {
      email: String(fields.email ?? ''),
      name: String(fields.name ?? ''),
      role: String(fields.role ?? 'clinician'),
    };
    await answerForm(res, outcome, '/admin/users', (errors) =>
      this.renderList(actor, req, res, form, errors),
    );
  }

  /** A one-time link to set a new password, shown on this page once. */
  @Post(':id/password-reset')
  async issueReset(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const issued = await this.passwords.issueReset(actor.clinicId, id, actor);
    const user = (await this.users.listUsers(actor)).find((u) => u.id === id);
    res
      .status(201)
      .type('html')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(
        await this.renderList(actor, req, res, { email: '', name: '', role: 'clinician' }, [], {
          ...issued,
          name: user?.name ?? '',
        }),
      );
  }

  @Post(':id')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields = pick(body, ['role', 'disabled']);
    if (fields.disabled !== undefined) fields.disabled = fields.disabled === 'true';
    const outcome = await submitForm(
      () => this.users.updateUser(actor, id, validateDto(UpdateUserDto, fields)),
      LABELS,
    );
    await answerForm(res, outcome, '/admin/users', (errors) =>
      this.renderList(actor, req, res, { email: '', name: '', role: 'clinician' }, errors),
    );
  }

  private async renderList(
    actor: Actor,
    req: Request,
    res: Response,
    form: Record<string, string>,
    errors: string[],
    issued: { name: string; url: string; expiresAt: string } | null = null,
  ) {
    const users = (await this.users.listUsers(actor)).map((user) => ({
      ...user,
      isSelf: user.id === actor.userId,
    }));
    return this.pages.render(req, res, 'admin/users', 'Users', {
      users,
      roles: ROLES,
      form,
      errors,
      issued,
    });
  }
}
