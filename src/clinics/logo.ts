import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';

export const LOGO_MAX_BYTES = 300 * 1024;
export type LogoType = 'image/png' | 'image/jpeg';

/** Decides the logo's type from its bytes, never from its name or the declared type. */
export function checkLogo(bytes: Buffer): LogoType {
  if (bytes.length > LOGO_MAX_BYTES) {
    throw new PayloadTooLargeException(
      `logo: must be at most 300 KB (got ${Math.ceil(bytes.length / 1024)} KB)`,
    );
  }
  const png =
    bytes.length > 33 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (png && bytes.subarray(12, 16).toString('latin1') === 'IHDR') return 'image/png';
  const jpeg = bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (jpeg && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9)
    return 'image/jpeg';
  throw new BadRequestException('logo: must be a PNG or JPEG image');
}
