import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional, IsString } from 'class-validator';

/** A template (protocol) as an editor writes it; checked in full against the blocks it names. */
export class ProtocolContentDto {
  @ApiProperty({ example: 'after-physio-visit' })
  @IsString()
  key: string;

  @ApiProperty({ example: 'After your first physiotherapy visit' })
  @IsString()
  title: string;

  @ApiProperty({ example: 'low-back-spasm' })
  @IsString()
  condition: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  description?: string;

  @ApiProperty({
    example: [{ key: 'cold-pack', params: { minutes: 10 } }, { key: 'emergency-signs' }],
  })
  @IsArray()
  blocks: object[];

  @ApiPropertyOptional({
    example: { es: { title: 'Las primeras 72 horas', description: 'Para los primeros días.' } },
    description: 'Title and description in other languages; the blocks are the same',
  })
  @IsOptional()
  @IsObject()
  translations?: object;
}
