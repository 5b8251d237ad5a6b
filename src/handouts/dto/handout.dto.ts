import { languages } from '../../i18n/phrases';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, MAX_INT } from '../../common/validators';
import { MAX_PLAN_DAYS } from '../day-plan';
import { REVIEW_AFTER_DAYS } from '../handout.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SaveAsTemplateDto {
  @ApiProperty({ example: 'Desk workers, first week' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  title: string;
}

export class CreateHandoutDto {
  @ApiPropertyOptional({ example: 'Your back spasm: the first days' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  title?: string;

  @ApiPropertyOptional({
    example: 'first-72-hours',
    description: 'Start from this template (protocol)',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,59}$/, { message: 'must be a template key, like first-72-hours' })
  templateKey?: string;
}

export class DraftBlockDto {
  @ApiProperty({ example: 'cold-pack' })
  @IsString()
  @MaxLength(60)
  key: string;

  @ApiPropertyOptional({
    example: { minutes: 10 },
    description: 'Values for the block’s parameters; missing ones take the default',
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, number | string>;

  @ApiPropertyOptional({
    example: 1,
    minimum: 1,
    maximum: MAX_PLAN_DAYS,
    description: 'First day of the plan the block applies to (day 1 = the start date)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PLAN_DAYS)
  fromDay?: number;

  @ApiPropertyOptional({
    example: 7,
    minimum: 1,
    maximum: MAX_PLAN_DAYS,
    description: 'Last day of the plan the block applies to; absent: to the end of the plan',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PLAN_DAYS)
  toDay?: number;
}

export class SaveDraftDto {
  @ApiProperty()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  title: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'The clinician’s personal note, plain text',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ example: '2026-12-07', nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsCalendarDate()
  followUpDate?: string | null;

  @ApiPropertyOptional({
    example: 14,
    minimum: REVIEW_AFTER_DAYS.min,
    maximum: REVIEW_AFTER_DAYS.max,
    description:
      'Days after publishing by which the patient should be clearly better (the review date), used when there is no follow-up date; default 14',
  })
  @IsOptional()
  @IsInt()
  @Min(REVIEW_AFTER_DAYS.min)
  @Max(REVIEW_AFTER_DAYS.max)
  reviewAfterDays?: number;

  @ApiPropertyOptional({
    example: '2026-12-07',
    nullable: true,
    description: 'Day 1 of the day-by-day plan; absent or null: the day the handout is published',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsCalendarDate()
  startDate?: string | null;

  @ApiPropertyOptional({
    enum: languages(),
    description:
      'The language the patient reads it in (default: as saved, else English); the library and preview follow it',
  })
  @IsOptional()
  @IsIn(languages(), { message: `must be one of ${languages().join(', ')}` })
  language?: string;

  @ApiProperty({ type: [DraftBlockDto] })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => DraftBlockDto)
  blocks: DraftBlockDto[];

  @ApiProperty({ description: 'The revision this draft was based on; a stale one answers 409' })
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  revision: number;
}
