import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsBirthDate } from '../../common/validators';
import { IsEmailAddress, IsMobileNumber } from '../../messaging/address-fields';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToNull = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || null : value;

export class CreatePatientDto {
  @ApiProperty({ example: 'Maria L.', description: 'How the patient is named on handouts' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  displayName: string;

  @ApiProperty({ example: '1961-04-09' })
  @IsBirthDate()
  dateOfBirth: string;

  @ApiPropertyOptional({ example: 'RP-004211', nullable: true })
  @IsOptional()
  @Transform(emptyToNull)
  @IsString()
  @MaxLength(40)
  @Matches(/^[A-Za-z0-9._/-]+$/, { message: 'may hold only letters, digits and . _ / -' })
  mrn?: string | null;

  @ApiPropertyOptional({ example: 'en', default: 'en' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Z]{2})?$/, { message: 'must be a language tag such as en or es' })
  language?: string;

  @ApiPropertyOptional({
    example: 'maria@example.org',
    nullable: true,
    description: 'For sending portal links by email; null or "" removes it',
  })
  @IsEmailAddress({ clearable: true })
  email?: string | null;

  @ApiPropertyOptional({
    example: '+44 7700 900123',
    nullable: true,
    description:
      'Mobile number with its country code, for portal links by text message; stored in E.164 (+447700900123); null or "" removes it',
  })
  @IsMobileNumber({ clearable: true })
  phone?: string | null;
}

export class UpdatePatientDto extends PartialType(CreatePatientDto) {}

export class PatientQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name, or the MRN' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(120)
  q?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  includeArchived?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'Only patients needing attention: an emergency sign ticked, pain 7 or more, pain rising three days running, or no check-in for 3 days while a plan runs (until the clinician marks it seen)',
  })
  @IsOptional()
  @Transform(({ value }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
  @IsBoolean({ message: 'attention must be true or false' })
  attention?: boolean;
}
