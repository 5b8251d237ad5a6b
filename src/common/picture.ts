import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import sharp from 'sharp';

export type PictureType = 'image/png' | 'image/jpeg';
export const PICTURE_TYPES: PictureType[] = ['image/png', 'image/jpeg'];

export interface PictureLimits {
  /** The form field the picture came in; every message starts with it ("logo: …"). */
  field: string;
  /** The largest upload, in bytes. */
  maxBytes: number;
  /** The largest picture accepted, in pixels on either side: larger ones are refused, not decoded. */
  maxPixels: number;
  /** Pictures are stored at most this wide or high. */
  storedPixels: number;
  /** Quality of the re-encoded JPEG. */
  jpegQuality: number;
}

export interface CheckedPicture {
  bytes: Buffer;
  type: PictureType;
  width: number;
  height: number;
}

/**
 * Decides the picture's type from its bytes, never from its name or the declared type; refuses
 * one larger than `maxPixels` on a side before decoding it (a 48 KB file can claim
 * 20000 × 20000 and take gigabytes to draw); and re-encodes it at most `storedPixels` on its
 * long side, which drops its metadata (camera, place, time).
 */
export async function checkPicture(bytes: Buffer, limits: PictureLimits): Promise<CheckedPicture> {
  const { field, maxBytes, maxPixels, storedPixels } = limits;
  if (bytes.length > maxBytes) {
    throw new PayloadTooLargeException(
      `${field}: must be at most ${sizeLabel(maxBytes)} (got ${Math.ceil(bytes.length / 1024)} KB)`,
    );
  }
  const notAPicture = () => new BadRequestException(`${field}: must be a PNG or JPEG image`);
  const type = typeOf(bytes);
  if (!type) throw notAPicture();
  // Reading the header decodes nothing; the pixel limit then guards the decoding itself.
  const { width, height, format } = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw notAPicture();
    });
  if (!width || !height || format !== (type === 'image/png' ? 'png' : 'jpeg')) throw notAPicture();
  if (width > maxPixels || height > maxPixels)
    throw new BadRequestException(
      `${field}: must be at most ${maxPixels} × ${maxPixels} pixels (got ${width} × ${height})`,
    );
  const resized = sharp(bytes, { limitInputPixels: maxPixels * maxPixels, failOn: 'error' })
    .rotate()
    .resize({ width: storedPixels, height: storedPixels, fit: 'inside', withoutEnlargement: true });
  const encoded =
    type === 'image/png' ? resized.png() : resized.jpeg({ quality: limits.jpegQuality });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true }).catch(() => {
    throw new BadRequestException(`${field}: the image is damaged and cannot be read`);
  });
  return { bytes: data, type, width: info.width, height: info.height };
}

/** 300 KB, 2 MB: how a size limit reads in a message. */
function sizeLabel(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${Math.round(bytes / 1024)} KB`;
}

function typeOf(bytes: Buffer): PictureType | undefined {
  const png =
    bytes.length > 33 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (png && bytes.subarray(12, 16).toString('latin1') === 'IHDR') return 'image/png';
  const jpeg = bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return jpeg ? 'image/jpeg' : undefined;
}
