import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export class IssueLinkDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    description: 'Defaults to the clinic’s link lifetime (90 days unless set)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;

  @ApiPropertyOptional({
    description:
      'Ask for the date of birth before showing the handout; defaults to the clinic setting',
  })
  @IsOptional()
  @IsBoolean()
  requireDateOfBirth?: boolean;
}
