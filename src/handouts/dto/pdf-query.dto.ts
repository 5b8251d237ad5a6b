import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PAPER_SIZES } from '../../clinics/clinic.entity';
import { Variant, VARIANTS } from '../../rendering/handout-renderer.service';
import { PaperSize } from '../../rendering/pdf-renderer.service';

export class PdfQueryDto {
  @ApiPropertyOptional({
    enum: VARIANTS,
    default: 'standard',
    description: '`large` prints the body at 18 pt or more',
  })
  @IsOptional()
  @IsIn(VARIANTS)
  variant?: Variant;

  @ApiPropertyOptional({ enum: PAPER_SIZES, description: 'Defaults to the clinic’s paper size' })
  @IsOptional()
  @IsIn(PAPER_SIZES)
  paper?: PaperSize;

  @ApiPropertyOptional({
    description:
      'A handout in another language printed with English alongside: each block, then the same block in English',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  bilingual?: boolean;
}
