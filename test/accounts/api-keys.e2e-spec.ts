import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { AuditService } from '../../src/audit/audit.service';
import { createApiKey, TestApiKey } from '../support/api-keys';
import { createClinic, signIn, SignedIn, TestClinic } from '../support/factories';
import { startTestApp } from '../support/test-app';

describe('API keys', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let a: TestClinic;
  let b: TestClinic;
  let adminA: SignedIn;
  let clinicianA: SignedIn;
  let adminB: SignedIn;
  let full: TestApiKey;

  beforeAll(async () => {
    app = await startTestApp({ API_KEY_REQUESTS_PER_MINUTE: '40' });
    db = app.get(DataSource);
    [a, b] = [await createClinic(app), await createClinic(app)];
    [adminA, clinicianA, adminB] = [
      await signIn(app, a.admin),
      await signIn(app, a.clinician),
      await signIn(app, b.admin),
    ];
    full = await createApiKey(app, adminA);
  });
  afterAll(() => app.close());

  const trail = async (where: string, params: unknown[]) => {
    await app.get(AuditService).flush();
    return db.query(`SELECT * FROM audit_events WHERE ${where} ORDER BY id`, params);
  };

  it('is created by an admin, shown once, stored hashed, listed without the key', async () => {
    const res = await adminA.agent
      .post('/api/api-keys')
      .set('X-CSRF-Token', adminA.csrfToken)
      .send({ name: 'EHR sync', scopes: ['patients:read', 'handouts:read'] })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'EHR sync',
      scopes: ['patients:read', 'handouts:read'],
      key: expect.stringMatching(/^chk_[A-Za-z0-9_-]{43}$/),
    });
    const [row] = await db.query(`SELECT * FROM api_keys WHERE id = $1`, [res.body.id]);
    expect(JSON.stringify(row)).not.toContain(res.body.key);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);

    const list = await adminA.agent.get('/api/api-keys').expect(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === res.body.id);
    expect(listed).toMatchObject({
      name: 'EHR sync',
      scopes: ['patients:read', 'handouts:read'],
      prefix: res.body.key.slice(0, 10),
      lastUsedAt: null,
      revokedAt: null,
      createdBy: { id: a.admin.id, name: 'Test admin' },
    });
    expect(JSON.stringify(list.body)).not.toContain(res.body.key);
    expect(await trail(`action = 'api_key.created' AND target_id = $1`, [res.body.id])).toEqual([
      expect.objectContaining({ actor_type: 'user', actor_id: a.admin.id }),
    ]);
  });

  it('refuses a bad body with the field named, and anyone but an admin', async () => {
    const post = (s: SignedIn, body: object) =>
      s.agent.post('/api/api-keys').set('X-CSRF-Token', s.csrfToken).send(body);
    const noScopes = await post(adminA, { name: 'x', scopes: [] }).expect(400);
    expect(noScopes.body.message).toEqual(['scopes: must name at least one scope']);
    const unknown = await post(adminA, { name: 'x', scopes: ['patients:delete'] }).expect(400);
    expect(unknown.body.message[0]).toBe(
      'scopes: each scope must be one of patients:read, patients:write, handouts:read, handouts:write, links:write',
    );
    const blank = await post(adminA, { name: '  ', scopes: ['patients:read'] }).expect(400);
    expect(blank.body.message).toEqual(['name: must not be blank']);
    await post(clinicianA, { name: 'x', scopes: ['patients:read'] }).expect(403);
    await clinicianA.agent.get('/api/api-keys').expect(403);
  });

  it('answers API calls with the bearer key alone: no cookie, no CSRF token', async () => {
    const created = await full
      .call('post', '/api/patients')
      .send({ displayName: 'Ana P.', dateOfBirth: '1970-01-02', mrn: 'K-1' })
      .expect(201);
    const read = await full.call('get', `/api/patients/${created.body.id}`).expect(200);
    expect(read.body).toMatchObject({ displayName: 'Ana P.', mrn: 'K-1' });
    expect(read.headers['set-cookie']).toBeUndefined();
    // A handout made, saved, published and linked with the key alone.
    const handout = await full
      .call('post', `/api/patients/${created.body.id}/handouts`)
      .send({ templateKey: 'first-72-hours' })
      .expect(201);
    await full.call('post', `/api/handouts/${handout.body.id}/publish`).expect(201);
    const version = await full
      .call('get', `/api/handouts/${handout.body.id}/versions/1`)
      .expect(200);
    expect(version.body.publishedBy).toEqual({ id: full.id, name: 'API key "Test system"' });
    const link = await full
      .call('post', `/api/handouts/${handout.body.id}/links`)
      .send({ expiresInDays: 7 })
      .expect(201);
    const opened = await request(app.getHttpServer())
      .get(new URL(link.body.url).pathname)
      .expect(303);
    expect(opened.headers.location).toMatch(/^\/p\/s\//);
    // The audit rows name the key, not a person.
    const events = await trail(`action = 'patient.created' AND target_id = $1`, [created.body.id]);
    expect(events).toEqual([
      expect.objectContaining({ actor_type: 'api_key', actor_id: full.id, clinic_id: a.clinic.id }),
    ]);
  });

  it('writes every call to the audit trail under the key', async () => {
    const before = await trail(`action = 'api.call' AND actor_id = $1`, [full.id]);
    await full.call('get', '/api/patients?q=zz').expect(200);
    await full.call('get', '/api/patients/00000000-0000-4000-8000-000000000000').expect(404);
    const after = await trail(`action = 'api.call' AND actor_id = $1`, [full.id]);
    expect(after.slice(before.length)).toEqual([
      expect.objectContaining({
        actor_type: 'api_key',
        clinic_id: a.clinic.id,
        outcome: 'success',
        details: { method: 'GET', path: '/api/patients', status: 200 },
      }),
      expect.objectContaining({
        outcome: 'failure',
        details: {
          method: 'GET',
          path: '/api/patients/00000000-0000-4000-8000-000000000000',
          status: 404,
        },
      }),
    ]);
  });

  it('refuses a route outside its scopes with 403, and routes not open to keys', async () => {
    const reader = await createApiKey(app, adminA, ['patients:read'], 'Reader');
    await reader.call('get', '/api/patients').expect(200);
    const write = await reader
      .call('post', '/api/patients')
      .send({ displayName: 'X', dateOfBirth: '1970-01-01' })
      .expect(403);
    expect(write.body.message).toBe('This API key lacks the patients:write scope.');
    for (const [method, path] of [
      ['get', '/api/api-keys'],
      ['post', '/api/api-keys'],
      ['get', '/api/users'],
      ['get', '/api/audit'],
      ['get', '/api/auth/me'],
      ['put', '/api/blocks/heat/draft'],
    ] as const) {
      const res = await full.call(method, path).send({});
      expect([method, path, res.status, res.body.message]).toEqual([
        method,
        path,
        403,
        'API keys cannot use this route: sign in instead.',
      ]);
    }
  });

  it('never works on pages or the portal', async () => {
    const page = await full.call('get', '/patients').expect(303);
    expect(page.headers.location).toMatch(/^\/login/);
    await full.call('get', '/admin/clinic').expect(303);
    await full.call('get', '/p/s/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it("keeps to the key's clinic: another clinic's records answer 404", async () => {
    const ofB = await adminB.agent
      .post('/api/patients')
      .set('X-CSRF-Token', adminB.csrfToken)
      .send({ displayName: 'Only B', dateOfBirth: '1960-05-05' })
      .expect(201);
    const res = await full.call('get', `/api/patients/${ofB.body.id}`).expect(404);
    expect(JSON.stringify(res.body)).not.toContain('Only B');
    const list = await full.call('get', '/api/patients?pageSize=100').expect(200);
    expect(JSON.stringify(list.body)).not.toContain('Only B');
    // Nor can an admin of B see or revoke A's keys.
    const keysOfB = await adminB.agent.get('/api/api-keys').expect(200);
    expect(keysOfB.body.items.map((k: { id: string }) => k.id)).not.toContain(full.id);
    await adminB.agent
      .delete(`/api/api-keys/${full.id}`)
      .set('X-CSRF-Token', adminB.csrfToken)
      .expect(404);
  });

  it('refuses an unknown or malformed key with 401, and a revoked one at once', async () => {
    const server = app.getHttpServer();
    const unknown = await request(server)
      .get('/api/patients')
      .set('Authorization', `Bearer chk_${'x'.repeat(43)}`)
      .expect(401);
    expect(unknown.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(unknown.body.message).toMatch(/^Unknown API key/);
    await request(server).get('/api/patients').set('Authorization', 'Bearer nonsense').expect(401);

    const doomed = await createApiKey(app, adminA, ['patients:read'], 'Doomed');
    await doomed.call('get', '/api/patients').expect(200);
    await adminA.agent
      .delete(`/api/api-keys/${doomed.id}`)
      .set('X-CSRF-Token', adminA.csrfToken)
      .expect(204);
    const revoked = await doomed.call('get', '/api/patients').expect(401);
    expect(revoked.body.message).toBe('This API key has been revoked.');
    const listed = (await adminA.agent.get('/api/api-keys').expect(200)).body.items.find(
      (k: { id: string }) => k.id === doomed.id,
    );
    expect(listed.revokedAt).not.toBeNull();
    expect(listed.lastUsedAt).not.toBeNull();
    expect(await trail(`action = 'api_key.revoked' AND target_id = $1`, [doomed.id])).toHaveLength(
      1,
    );
  });

  it('a session still needs its CSRF token even when a key is known', async () => {
    await clinicianA.agent
      .post('/api/patients')
      .send({ displayName: 'X', dateOfBirth: '1970-01-01' })
      .expect(403);
  });

  it('limits each key to its requests per minute, with Retry-After', async () => {
    const busy = await createApiKey(app, adminA, ['patients:read'], 'Busy');
    const calm = await createApiKey(app, adminA, ['patients:read'], 'Calm');
    const statuses: number[] = [];
    for (let i = 0; i < 42; i++) statuses.push((await busy.call('get', '/api/patients')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    const refused = await busy.call('get', '/api/patients').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another key of the same clinic is not held back.
    await calm.call('get', '/api/patients').expect(200);
  });

  it('has a page under the clinic settings: create (the key shown once), list, revoke', async () => {
    const page = await adminA.agent.get('/admin/api-keys').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const refused = await adminA.agent
      .post('/admin/api-keys')
      .type('form')
      .send({ _csrf: csrf, name: 'Lab feed' })
      .expect(400);
    expect(refused.text).toContain('What it may do: must name at least one scope');
    expect(refused.text).toContain('value="Lab feed"');

    const created = await adminA.agent
      .post('/admin/api-keys')
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(csrf)}&name=Lab+feed&scopes=patients%3Aread&scopes=handouts%3Aread`,
      )
      .expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const key = /id="issued-key">(chk_[\w-]{43})</.exec(created.text)?.[1];
    expect(key).toBeDefined();
    const [row] = await db.query(
      `SELECT id, scopes FROM api_keys WHERE clinic_id = $1 AND name = 'Lab feed'`,
      [a.clinic.id],
    );
    expect(row.scopes).toEqual(['patients:read', 'handouts:read']);
    await request(app.getHttpServer())
      .get('/api/patients')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);

    const listed = await adminA.agent.get('/admin/api-keys').expect(200);
    expect(listed.text).toContain('Lab feed');
    expect(listed.text).not.toContain(key);
    await adminA.agent
      .post(`/admin/api-keys/${row.id}/revoke`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    await request(app.getHttpServer())
      .get('/api/patients')
      .set('Authorization', `Bearer ${key}`)
      .expect(401);
    await clinicianA.agent.get('/admin/api-keys').expect(403);
  });
});
