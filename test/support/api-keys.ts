import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { API_KEY_SCOPES, ApiKeyScope } from '../../src/auth/scopes';
import { SignedIn } from './factories';

export interface TestApiKey {
  id: string;
  key: string;
  /** A request with `Authorization: Bearer <key>` and no cookies. */
  call: (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => request.Test;
}

/** Creates a key through the API as a clinic admin (every scope unless told otherwise). */
export async function createApiKey(
  app: INestApplication,
  admin: SignedIn,
  scopes: readonly ApiKeyScope[] = API_KEY_SCOPES,
  name = 'Test system',
): Promise<TestApiKey> {
  const res = await admin.agent
    .post('/api/api-keys')
    .set('X-CSRF-Token', admin.csrfToken)
    .send({ name, scopes });
  if (res.status !== 201) throw new Error(`key not created: ${res.status} ${res.text}`);
  const key = res.body.key as string;
  return {
    id: res.body.id,
    key,
    call: (method, path) =>
      request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${key}`),
  };
}
