import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CATEGORIES } from '../content/block-source';

export class BlockQueryDto {
  @ApiPropertyOptional({ description: 'Words that must all appear in the title, summary or text' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  q?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES as unknown as string[])
  category?: string;

  @ApiPropertyOptional({ example: 'low-back-spasm' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'must be a condition key, like low-back-spasm' })
  condition?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}
