import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Variant, VARIANTS } from '../../rendering/handout-renderer.service';

export class PrintLinkDto {
  @ApiProperty({ description: 'The token from the address shown when the link was issued' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be the token of the link' })
  token: string;

  @ApiPropertyOptional({ enum: VARIANTS })
  @IsOptional()
  @IsIn(VARIANTS)
  variant?: Variant;
}
