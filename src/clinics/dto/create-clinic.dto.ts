import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PAPER_SIZES, PaperSize } from '../clinic.entity';

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
