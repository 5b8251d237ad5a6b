import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { CreateClinicDto } from './create-clinic.dto';

export class UpdateClinicDto extends PartialType(CreateClinicDto) {
  @ApiPropertyOptional({ description: 'Whether new portal links ask for the date of birth' })
  @IsOptional()
  @IsBoolean()
  requireDobByDefault?: boolean;

  @ApiPropertyOptional({
    description:
      'Whether messages that carry a portal link greet the patient by first name (off: no name at all)',
  })
  @IsOptional()
  @IsBoolean()
  messagesUseFirstName?: boolean;
}
