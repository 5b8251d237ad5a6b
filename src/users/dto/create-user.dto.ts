import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { ROLES, Role } from '../user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'lee@riverside.example' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Dr Sam Lee' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ minLength: 12, maxLength: 128 })
  @IsString()
  password: string;
}
