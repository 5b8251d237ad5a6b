import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches, registerDecorator } from 'class-validator';
import { IMAGE_NAME } from '../image-name';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A text alternative is one line: runs of spaces, tabs and line breaks become one space. */
const oneLine = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : value;

export class UploadImageDto {
  @ApiProperty({
    example: 'knee-to-chest',
    description:
      'Lower-case letters and digits joined by hyphens; a block shows it as [[image:knee-to-chest]]',
  })
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  @Matches(IMAGE_NAME, {
    message: 'must be lower-case letters and digits joined by single hyphens, like knee-to-chest',
  })
  name: string;

  @ApiProperty({
    example: 'A person lying on their back, hugging one knee to the chest',
    description: 'What the picture shows, for someone who cannot see it',
  })
  @Transform(oneLine)
  @IsString()
  @Length(3, 300)
  @IsPlainDescription()
  altText: string;
}

/**
 * Words that describe a picture: some letters, no markup, no control characters, and not the
 * file's name ("IMG_0042.jpg" tells a screen-reader user nothing).
 */
function IsPlainDescription() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPlainDescription',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /\p{L}{2}/u.test(value) &&
          !/[\p{Cc}<>]|\[\[|\]\]/u.test(value) &&
          !/\.(png|jpe?g|gif|webp|heic|bmp|tiff?)$/i.test(value) &&
          !/^(img|dsc|dscn|pxl|photo|image|screenshot)[\s_-]?\d/i.test(value),
        defaultMessage: (args) =>
          `${args?.property}: must describe the picture in plain words, not name its file`,
      },
    });
}
