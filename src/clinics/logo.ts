import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import sharp from 'sharp';

export const LOGO_MAX_BYTES = 300 * 1024;
/** The largest logo accepted, in pixels on either side: larger ones are refused, not decoded. */
export const LOGO_MAX_PIXELS = 2000;
/** Logos are stored at most this wide or high: plenty for a printed header at 300 dpi. */
export const LOGO_STORED_PIXELS = 600;
export type LogoType = 'image/png' | 'image/jpeg';

export interface CheckedLogo {
  bytes: Buffer;
  type: LogoType;
  width: number;
  height: number;
}

/**
 * Decides the logo's type from its bytes, never from its name or the declared type; refuses a
 * picture over 2000 × 2000 pixels before decoding it (a 48 KB file can claim 20000 × 20000
 * and take gigabytes to draw); and stores it at most 600 pixels on its long side, with its
 * metadata dropped.
 */
export async function checkLogo(bytes: Buffer): Promise<CheckedLogo> {
  if (bytes.length > LOGO_MAX_BYTES) {
    throw new PayloadTooLargeException(
      `logo: must be at most 300 KB (got ${Math.ceil(bytes.length / 1024)} KB)`,
    );
  }
  const type = typeOf(bytes);
  // Reading the header decodes nothing; the pixel limit then guards the decoding itself.
  const { width, height, format } = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw new BadRequestException('logo: must be a PNG or JPEG image');
    });
  if (!width || !height || format !== (type === 'image/png' ? 'png' : 'jpeg'))
    throw new BadRequestException('logo: must be a PNG or JPEG image');
  if (width > LOGO_MAX_PIXELS || height > LOGO_MAX_PIXELS)
    throw new BadRequestException(
      `logo: must be at most ${LOGO_MAX_PIXELS} × ${LOGO_MAX_PIXELS} pixels (got ${width} × ${height})`,
    );
  const image = sharp(bytes, {
    limitInputPixels: LOGO_MAX_PIXELS * LOGO_MAX_PIXELS,
    failOn: 'error',
  });
  const resized = image.rotate().resize({
    width: LOGO_STORED_PIXELS,
    height: LOGO_STORED_PIXELS,
    fit: 'inside',
    withoutEnlargement: true,
  });
  const encoded = type === 'image/png' ? resized.png() : resized.jpeg({ quality: 90 });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true }).catch(() => {
    throw new BadRequestException('logo: the image is damaged and cannot be read');
  });
  return { bytes: data, type, width: info.width, height: info.height };
}

function typeOf(bytes: Buffer): LogoType {
  const png =
    bytes.length > 33 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (png && bytes.subarray(12, 16).toString('latin1') === 'IHDR') return 'image/png';
  const jpeg = bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (jpeg) return 'image/jpeg';
  throw new BadRequestException('logo: must be a PNG or JPEG image');
}
