import type { ApiKeyScope } from './scopes';

/** What an API key's call carries through the request, set before the routes run. */
export interface ApiKeyCaller {
  id: string;
  scopes: ApiKeyScope[];
}

/** Why a presented key was refused; the access guard answers with it. */
export interface ApiKeyRefusal {
  status: 401 | 429;
  message: string;
  retryAfterSeconds?: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The call presented `Authorization: Bearer` on /api or /fhir: staff sessions are not read. */
    viaApiKey?: boolean;
    apiKeyRefusal?: ApiKeyRefusal;
  }
}

/** Routes a key can reach at all; pages and the patient portal never read one. */
export function acceptsApiKeys(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/fhir/');
}

/** The key in `Authorization: Bearer <key>`, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
