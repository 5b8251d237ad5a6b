import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({ description: '12 to 128 characters, not a commonly used password' })
  @IsString()
  @MaxLength(1000)
  newPassword: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: '12 to 128 characters, not a commonly used password' })
  @IsString()
  @MaxLength(1000)
  newPassword: string;
}

export class IssuedResetDto {
  @ApiProperty({ description: 'Shown once: give it to the person by a safe route' })
  url: string;

  @ApiProperty()
  expiresAt: string;
}
