import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsEmailAddress, IsMobileNumber } from '../../messaging/address-fields';

/** Where to send the link as soon as it is issued: an email address, a mobile number, or both. */
export class SendToDto {
  @ApiPropertyOptional({ example: 'maria@example.org' })
  @IsEmailAddress()
  email?: string;

  @ApiPropertyOptional({
    example: '+44 7700 900123',
    description: 'A mobile number with its country code (sent in E.164)',
  })
  @IsMobileNumber()
  phone?: string;
}

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

  @ApiPropertyOptional({
    type: SendToDto,
    description:
      'Send the link to the patient once it is issued. The message names the clinic, carries the link and says until when it works; nothing clinical. A channel not set up here is refused with 400 before any link is made (see GET /api/messaging/channels); a failed send still answers 201 with the link, and `delivery` says why.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SendToDto)
  sendTo?: SendToDto;
}
