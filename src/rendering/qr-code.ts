import QRCode from 'qrcode';

/** A QR code as inline SVG, drawn locally (no network). */
export async function qrSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  return svg.replace('<svg ', '<svg role="img" aria-label="QR code for the latest version" ');
}
