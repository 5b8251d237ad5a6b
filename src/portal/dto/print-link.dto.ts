import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Variant, VARIANTS } from '../../rendering/handout-renderer.service';

export class PrintLinkDto {
  @ApiProperty({ description: 'The token from the address shown when the link was issued' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be the token of the link' })
  token: string;

  @ApiPropertyOptional({
    description:
      'The short code from the short address shown when the link was issued; the printout then shows that address',
  })
  @IsOptional()
  @Matches(/^[abcdefghjkmnpqrstuvwxyz23456789]{10}$/, {
    message: 'must be the short code of the link',
  })
  code?: string;

  @ApiPropertyOptional({ enum: VARIANTS })
  @IsOptional()
  @IsIn(VARIANTS)
  variant?: Variant;
}
