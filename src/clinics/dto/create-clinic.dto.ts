import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PAPER_SIZES, PaperSize, WEIGHT_UNITS, WeightUnit } from '../clinic.entity';

export class CreateClinicDto {
  @ApiProperty({ example: 'Riverside Physiotherapy' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional({ example: '+1 555 0100' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9+() .-]{0,40}$/, { message: 'may hold only digits, spaces and + ( ) . -' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 300)
  address?: string;

  @ApiPropertyOptional({
    example: '911',
    description: 'The emergency number where the clinic is (999, 911, 112 …); handouts name it',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(?:[0-9][0-9 -]{1,18}[0-9])?$/, {
    message: 'must be a phone number of 3 to 20 digits, like 911, 999 or 112',
  })
  emergencyNumber?: string;

  @ApiPropertyOptional({
    example: 'NHS 111',
    description: 'Where patients turn when the clinic is closed, as handouts say it',
  })
  @IsOptional()
  @IsString()
  @Length(0, 120)
  @Matches(/^[^<>{}]*$/, { message: 'may not hold < > { or }' })
  outOfHours?: string;

  @ApiPropertyOptional({ example: 'Europe/London', description: 'The clinic’s time zone (IANA)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsTimeZone({ message: 'must be a time zone such as Europe/London or America/New_York' })
  timeZone?: string;

  @ApiPropertyOptional({ enum: WEIGHT_UNITS })
  @IsOptional()
  @IsIn(WEIGHT_UNITS)
  weightUnit?: WeightUnit;

  @ApiPropertyOptional({ example: 'https://riverside.example' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  website?: string;

  @ApiPropertyOptional({ example: '#1f5f8b' })
  @IsOptional()
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like #1f5f8b' })
  accentColor?: string;

  @ApiPropertyOptional({ enum: PAPER_SIZES })
  @IsOptional()
  @IsIn(PAPER_SIZES)
  paperSize?: PaperSize;

  @ApiPropertyOptional({ minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  defaultLinkDays?: number;
}
