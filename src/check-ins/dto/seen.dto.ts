import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

export class SeenDto {
  @ApiPropertyOptional({
    type: [String],
    description:
      'The flags the clinician saw, as the summary words them; only these are cleared (a flag raised since stays). Absent: all.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  flags?: string[];
}
