import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

/**
 * A response body kept with its compressed forms, encoded once when it is made and served many
 * times: patients read on phones, often on slow networks, and a cached page should cost no
 * compression work per request.
 */
export interface EncodedBody {
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

export function encodeBody(text: string): EncodedBody {
  const identity = Buffer.from(text, 'utf8');
  return {
    identity,
    br: brotliCompressSync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    gzip: gzipSync(identity, { level: 9 }),
  };
}

/** Sends the best encoding the client accepts (brotli, then gzip, then none). */
export function sendEncoded(req: Request, res: Response, body: EncodedBody): void {
  res.vary('Accept-Encoding');
  // Ours, not the client's, order: browsers list "gzip, deflate, br" and take either.
  const encoding = (['br', 'gzip'] as const).find((e) => req.acceptsEncodings(e) === e);
  if (encoding) {
    res.setHeader('Content-Encoding', encoding);
    res.send(body[encoding]);
  } else {
    res.send(body.identity);
  }
}
