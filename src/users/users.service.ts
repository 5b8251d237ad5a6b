import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { PasswordService } from '../auth/password.service';
import { refuseNulls } from '../common/validation';
import { SessionService } from '../auth/session.service';
import { toSessionUser } from '../auth/session-user';
import { ClinicsService } from '../clinics/clinics.service';
import { isUniqueViolation } from '../database/errors';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { User } from './user.entity';

export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'clinicId' | 'disabled'>;

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
    private readonly clinics: ClinicsService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /** Creates a user in a clinic; `by` is the admin doing it, or null for the command line. */
  async createUser(
    clinicId: string,
    dto: CreateUserDto,
    by: Actor | null = null,
  ): Promise<PublicUser> {
    this.passwords.assertStrong(dto.password);
    await this.clinics.findByIdOrThrow(clinicId);
    const email = dto.email.trim().toLowerCase();
    if (await this.users.existsBy({ clinicId, email })) throw duplicateEmail();
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.save(
          manager.create(User, { clinicId, email, name: dto.name, role: dto.role, passwordHash }),
        );
        await this.audit.record(
          {
            clinicId,
            actorType: by ? 'user' : 'system',
            actorId: by?.userId ?? null,
            action: 'user.created',
            targetType: 'user',
            targetId: user.id,
            origin: by ?? undefined,
            details: { role: user.role },
          },
          manager,
        );
        return toPublicUser(user);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateEmail();
      throw error;
    }
  }

  /** Acts as a given user outside a request (demo data, command line): no address recorded. */
  async actorFor(clinicId: string, email: string): Promise<Actor> {
    const user = await this.users.findOneByOrFail({ clinicId, email });
    return { ...toSessionUser(user), ip: null, userAgent: null };
  }

  async listUsers(actor: Actor): Promise<PublicUser[]> {
    const users = await this.users.find({
      where: { clinicId: actor.clinicId },
      order: { name: 'ASC' },
    });
    return users.map(toPublicUser);
  }

  async findByIdOrThrow(
    actor: Pick<Actor, 'clinicId'>,
    id: string,
    manager?: EntityManager,
  ): Promise<User> {
    const repo = manager ? manager.getRepository(User) : this.users;
    const user = await repo.findOneBy({ id, clinicId: actor.clinicId });
    if (!user) throw new NotFoundException('user: not found');
    return user;
  }

  /** Renames, changes the role, or disables (ending every session of that user at once). */
  updateUser(actor: Actor, id: string, dto: UpdateUserDto): Promise<PublicUser> {
    refuseNulls(dto);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.findByIdOrThrow(actor, id, manager);
      const target = { type: 'user', id };
      const losesAdmin =
        user.role === 'admin' &&
        !user.disabled &&
        ((dto.role && dto.role !== 'admin') || dto.disabled === true);
      if (losesAdmin) await this.assertAnotherAdmin(actor, id, manager);

      if (dto.name !== undefined) user.name = dto.name;
      if (dto.role !== undefined && dto.role !== user.role) {
        await this.audit.recordByUser(
          actor,
          'user.role_changed',
          target,
          { from: user.role, to: dto.role },
          manager,
        );
        user.role = dto.role;
      }
      if (dto.disabled !== undefined && dto.disabled !== user.disabled) {
        user.disabled = dto.disabled;
        await this.audit.recordByUser(
          actor,
          dto.disabled ? 'user.disabled' : 'user.enabled',
          target,
          {},
          manager,
        );
        if (dto.disabled) await this.sessions.endAllFor(id, manager);
      }
      return toPublicUser(await manager.save(user));
    });
  }

  private async assertAnotherAdmin(
    actor: Actor,
    exceptId: string,
    manager: EntityManager,
  ): Promise<void> {
    // Row locks, so two admins demoting each other at the same moment cannot both succeed.
    const admins = await manager
      .getRepository(User)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.clinicId = :clinicId AND u.role = :role AND u.disabled = false', {
        clinicId: actor.clinicId,
        role: 'admin',
      })
      .getMany();
    if (admins.filter((admin) => admin.id !== exceptId).length === 0)
      throw new ConflictException('role: the clinic must keep at least one active admin');
  }
}

export function toPublicUser(user: User): PublicUser {
  const { id, email, name, role, clinicId, disabled } = user;
  return { id, email, name, role, clinicId, disabled };
}

function duplicateEmail(): ConflictException {
  return new ConflictException('email: a user with this email already exists in this clinic');
}
