import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IssuedResetDto } from '../auth/dto/password.dto';
import { PasswordChangeService } from '../auth/password-change.service';
import { IdPipe } from '../common/id.pipe';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordChangeService,
  ) {}

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.users.listUsers(actor);
  }

  @Post()
  @ApiOperation({ summary: 'Add a clinician, editor or admin to your clinic' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.createUser(actor.clinicId, dto, actor);
  }

  @Post(':id/password-reset')
  @ApiOperation({
    summary:
      'A one-time link (24 hours) for the user to set a new password; shown once, give it to them by a safe route',
  })
  @ApiCreatedResponse({ type: IssuedResetDto })
  issueReset(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.passwords.issueReset(actor.clinicId, id, actor);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename, change role, disable or enable; disabling ends their sessions',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateUserDto,
  ) {
    return this.users.updateUser(actor, id, dto);
  }
}
