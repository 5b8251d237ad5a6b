import { CheckedPicture, checkPicture } from '../common/picture';

export const LOGO_MAX_BYTES = 300 * 1024;
/** The largest logo accepted, in pixels on either side: larger ones are refused, not decoded. */
export const LOGO_MAX_PIXELS = 2000;
/** Logos are stored at most this wide or high: plenty for a printed header at 300 dpi. */
export const LOGO_STORED_PIXELS = 600;

/**
 * A logo is a PNG or JPEG up to 300 KB and 2000 × 2000 pixels, decided by its content, and
 * stored at most 600 pixels on its long side with its metadata dropped.
 */
export function checkLogo(bytes: Buffer): Promise<CheckedPicture> {
  return checkPicture(bytes, {
    field: 'logo',
    maxBytes: LOGO_MAX_BYTES,
    maxPixels: LOGO_MAX_PIXELS,
    storedPixels: LOGO_STORED_PIXELS,
    jpegQuality: 90,
  });
}
