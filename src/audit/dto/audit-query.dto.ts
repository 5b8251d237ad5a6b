import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsCalendarDate } from '../../common/validators';
import { OUTCOMES } from '../audit-event.entity';

export class AuditQueryDto extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ description: 'Action prefix, e.g. "auth." or "patient.created"' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @Matches(/^[a-z_.]*$/, { message: 'must hold only lower-case letters, dots and underscores' })
  action?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actorId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetId?: string;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: string;

  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
