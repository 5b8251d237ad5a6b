import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope } from '../../auth/scopes';

export class CreateApiKeyDto {
  @ApiProperty({ description: 'What the key is for, e.g. "EHR sync"', maxLength: 80 })
  @IsString()
  @Length(1, 80)
  @Matches(/\S/, { message: 'must not be blank' })
  name: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one scope' })
  @ArrayUnique({ message: 'must not repeat a scope' })
  @IsIn(API_KEY_SCOPES, {
    each: true,
    message: `each scope must be one of ${API_KEY_SCOPES.join(', ')}`,
  })
  scopes: ApiKeyScope[];
}
