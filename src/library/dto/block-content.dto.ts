import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';

/**
 * A block version as an editor writes it. The shape is checked loosely here and in full by
 * checkBlockContent, whose messages name each field and body line at fault.
 */
export class BlockContentDto {
  @ApiProperty({ example: 'shoulder-rolls' })
  @IsString()
  key: string;

  @ApiPropertyOptional({
    example: 'es',
    description:
      'The language it is written in (default en). A translation shares its English version’s category, conditions and parameters: leave them out.',
  })
  @IsOptional()
  @IsString()
  language?: string;

  @ApiPropertyOptional({ example: 'exercise', description: 'Required in English' })
  @IsOptional()
  @IsString()
  category?: string;

  @ApiPropertyOptional({ example: ['low-back-spasm'], description: 'Required in English' })
  @IsOptional()
  @IsArray()
  conditions?: string[];

  @ApiProperty()
  @IsString()
  title: string;

  @ApiProperty()
  @IsString()
  summary: string;

  @ApiPropertyOptional({
    description:
      'Parameter declarations: name, type, label, unit, min, max, step, options, maxLength, default, required',
  })
  @IsOptional()
  @IsArray()
  parameters?: object[];

  @ApiProperty({ description: 'title, publisher, year' })
  @IsArray()
  sources: object[];

  @ApiProperty({ description: 'The text in the block body format (see README)' })
  @IsString()
  body: string;
}

export class BlockSourceDto {
  @ApiProperty({ description: 'A whole block file: front matter between --- lines, then the body' })
  @IsString()
  source: string;
}

export class ApproveDto {
  @ApiPropertyOptional({
    description:
      'For a translation: the approver reads its language and checked it against the English (recorded with their name)',
  })
  @IsOptional()
  @IsBoolean()
  translationChecked?: boolean;
}
