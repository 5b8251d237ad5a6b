import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.users.listUsers(actor);
  }

  @Post()
  @ApiOperation({ summary: 'Add a clinician, editor or admin to your clinic' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.createUser(actor.clinicId, dto, actor);
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
