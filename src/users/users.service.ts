import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { ClinicsService } from '../clinics/clinics.service';
import { CreateUserDto } from './dto/create-user.dto';
import { PasswordService } from './password.service';
import { User } from './user.entity';

export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'clinicId' | 'disabled'>;

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly clinics: ClinicsService,
    private readonly passwords: PasswordService,
  ) {}

  async createUser(clinicId: string, dto: CreateUserDto): Promise<PublicUser> {
    this.passwords.assertStrong(dto.password);
    await this.clinics.findByIdOrThrow(clinicId);
    const email = dto.email.trim().toLowerCase();
    if (await this.users.existsBy({ email })) throw duplicateEmail();
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      const user = await this.users.save(
        this.users.create({ clinicId, email, name: dto.name, role: dto.role, passwordHash }),
      );
      return toPublicUser(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateEmail();
      throw error;
    }
  }
}

export function toPublicUser(user: User): PublicUser {
  const { id, email, name, role, clinicId, disabled } = user;
  return { id, email, name, role, clinicId, disabled };
}

function duplicateEmail(): ConflictException {
  return new ConflictException('email: a user with this email already exists');
}

export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505'
  );
}
