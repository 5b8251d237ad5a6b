import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
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
}
