import { SetMetadata } from '@nestjs/common';

/** What an API key may do; every route open to keys names the one scope it needs. */
export const API_KEY_SCOPES = [
  'patients:read',
  'patients:write',
  'handouts:read',
  'handouts:write',
  'links:write',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const SCOPE_KEY = 'apiKeyScope';

/**
 * Opens a route (or every route of a controller) to API keys that carry `scope`. Deny by
 * default: a route without it refuses every key, whatever its scopes.
 */
export const Scope = (scope: ApiKeyScope) => SetMetadata(SCOPE_KEY, scope);
