import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createClinic, signIn, SignedIn, TestClinic } from '../support/factories';
import { dataSourceOptions } from '../../src/database/database-options';
import { startTestApp, testOwnerUrl } from '../support/test-app';

describe('audit trail', () => {
  let app: NestExpressApplication;
  let clinic: TestClinic;
  let admin: SignedIn;
  let db: DataSource;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    clinic = await createClinic(app);
    admin = await signIn(app, clinic.admin);
    const clinician = await signIn(app, clinic.clinician);
    await clinician.agent
      .post('/api/patients')
      .set('X-CSRF-Token', clinician.csrfToken)
      .send({ displayName: 'Audit, "Quoted"', dateOfBirth: '1970-01-01' })
      .expect(201);
  });
  afterAll(() => app.close());

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE, even to the owner', async () => {
    // The app's own role has no such privileges; the schema owner meets the triggers.
    const roles = [db, await new DataSource(dataSourceOptions(testOwnerUrl())).initialize()];
    try {
      for (const role of roles) {
        await expect(
          role.query(`UPDATE audit_events SET outcome = 'failure' WHERE clinic_id = $1`, [
            clinic.clinic.id,
          ]),
        ).rejects.toThrow(/append-only: UPDATE is not allowed|permission denied/);
        await expect(
          role.query(`DELETE FROM audit_events WHERE clinic_id = $1`, [clinic.clinic.id]),
        ).rejects.toThrow(/append-only: DELETE is not allowed|permission denied/);
        await expect(role.query(`TRUNCATE audit_events`)).rejects.toThrow(
          /append-only: TRUNCATE is not allowed|permission denied/,
        );
      }
      await expect(roles[1].query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    } finally {
      await roles[1].destroy();
    }
  });

  it('pages through the clinic’s own events with filters, newest first', async () => {
    const all = await admin.agent.get('/api/audit?pageSize=100').expect(200);
    expect(all.body.total).toBeGreaterThanOrEqual(6);
    const actions = all.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['clinic.created', 'user.created', 'auth.sign_in', 'patient.created']),
    );
    const times = all.body.items.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const signIns = await admin.agent.get('/api/audit?action=auth.&outcome=success').expect(200);
    expect(signIns.body.items.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(
      true,
    );
    expect(signIns.body.items[0]).toMatchObject({
      actorType: 'user',
      ip: expect.stringMatching(/^198\.51\./),
    });
    expect(signIns.body.items[0].userAgent).toBeDefined();

    const byActor = await admin.agent.get(`/api/audit?actorId=${clinic.clinician.id}`).expect(200);
    expect(
      byActor.body.items.every((e: { actorId: string }) => e.actorId === clinic.clinician.id),
    ).toBe(true);

    const today = new Date().toISOString().slice(0, 10);
    const dated = await admin.agent.get(`/api/audit?from=${today}&to=${today}`).expect(200);
    expect(dated.body.total).toBe(all.body.total);
    const future = await admin.agent.get(`/api/audit?from=2999-01-01`).expect(200);
    expect(future.body.total).toBe(0);

    const other = await createClinic(app);
    const theirs = await (
      await signIn(app, other.admin)
    ).agent
      .get('/api/audit?pageSize=100')
      .expect(200);
    expect(
      theirs.body.items.every((e: { clinicId: string }) => e.clinicId === other.clinic.id),
    ).toBe(true);
  });

  it('refuses bad filters by name', async () => {
    const res = await admin.agent.get('/api/audit?from=yesterday&pageSize=1000').expect(400);
    expect(res.body.message).toEqual(
      expect.arrayContaining([
        'from: must be a real date as YYYY-MM-DD, from 1900 to 2999',
        'pageSize: must not be greater than 200',
      ]),
    );
    // Shaped like a date but not one: still a 400 naming the field, never a database error.
    const impossible = await admin.agent.get('/api/audit?to=2026-02-30').expect(400);
    expect(impossible.body.message).toEqual([
      'to: must be a real date as YYYY-MM-DD, from 1900 to 2999',
    ]);
  });

  it('exports CSV with one row per event and no patient data', async () => {
    const res = await admin.agent.get('/api/audit/export.csv?action=patient.').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'at,action,outcome,actorType,actorId,targetType,targetId,ip,userAgent,details',
    );
    expect(lines.slice(1).every((line) => line.includes(',patient.created,'))).toBe(true);
    expect(res.text).not.toContain('Quoted');
  });
});
