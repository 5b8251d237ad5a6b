import { Request, Response } from 'express';
import type { PdfFile } from './view-model';

/**
 * Sends a PDF with its strong ETag, or 304 when the client already has these bytes. A handout
 * is patient data: no browser or proxy may keep a copy (no-store), on the portal or off it.
 */
export function sendPdf(req: Request, res: Response, file: PdfFile): void {
  res.setHeader('ETag', file.etag);
  res.setHeader('Cache-Control', 'no-store');
  const match = req.header('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim() === file.etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/pdf');
  res.setHeader('Content-Disposition', `inline; filename="${file.filename}"`);
  res.send(file.bytes);
}
