import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { prepareDatabase } from '../../src/database/database-roles';
import { freePort } from '../../src/database/free-port';
import { configureLogging } from '../../src/logging/logger';
import { databaseProcess, DatabaseProcess } from '../support/database-runner';
import { createClinic, signIn } from '../support/factories';

/**
 * The database restarts under the running app (its own cluster here, so other tests are not
 * disturbed): requests answer 503 during the outage, /health says so, and the app recovers by
 * itself once the database is back.
 */
describe('fault: the database restarts under the running app', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fault-db-'));
  let database: DatabaseProcess;
  const tell = (command: 'start' | 'stop') => database.tell(command);
  let app: NestExpressApplication;

  beforeAll(async () => {
    database = databaseProcess(dataDir, await freePort());
    const [, url, ownerUrl] = (await tell('start')).split(' ');
    await prepareDatabase({ url, ownerUrl }, { migrate: true });
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      SESSION_SECRET: 'fault-secret-fault-secret-fault-secret-00',
      MIGRATIONS_RUN: 'false',
      LIBRARY_IMPORT: 'false',
      LOG_LEVEL: 'silent',
    });
    configureLogging('silent');
    app = await createApp(config, url);
    await app.init();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 during the outage and recovers without a restart', async () => {
    const clinic = await createClinic(app);
    const lee = await signIn(app, clinic.clinician);
    await lee.agent.get('/api/patients').expect(200);
    await request(app.getHttpServer()).get('/health').expect(200);

    await tell('stop');
    const health = await request(app.getHttpServer()).get('/health').expect(503);
    expect(health.body).toMatchObject({ status: 'error', database: { status: 'down' } });
    const during = await lee.agent.get('/api/patients').set('X-Forwarded-For', '203.0.113.50');
    expect(during.status).toBe(503);
    expect(during.body.message).toBe(
      'The database is not answering right now. Try again in a moment.',
    );
    expect(during.headers['retry-after']).toBe('5');

    await tell('start');
    let recovered = false;
    for (let i = 0; i < 50 && !recovered; i++) {
      recovered = (await request(app.getHttpServer()).get('/health')).status === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(true);
    // The session lives in PostgreSQL too: it survived, and work goes on.
    await lee.agent.get('/api/patients').expect(200);
    await lee.agent
      .post('/api/patients')
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ displayName: 'After the outage', dateOfBirth: '1980-01-01' })
      .expect(201);
  }, 60_000);
});
