import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { CATEGORIES } from '../content/block-source';
import { languages } from '../../i18n/phrases';

export class BlockQueryDto extends PageQuery({ max: 200, default: 50 }) {
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

  @ApiPropertyOptional({
    enum: languages(),
    default: 'en',
    description: 'Approved versions in this language',
  })
  @IsOptional()
  @IsIn(languages(), { message: `must be one of ${languages().join(', ')}` })
  language?: string;
}

export class LanguageQueryDto {
  @ApiPropertyOptional({ enum: languages(), default: 'en' })
  @IsOptional()
  @IsIn(languages(), { message: `must be one of ${languages().join(', ')}` })
  language?: string;
}
