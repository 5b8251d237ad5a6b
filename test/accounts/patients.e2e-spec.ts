import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createClinic, signIn, SignedIn, TestClinic, unique } from '../support/factories';
import { startTestApp } from '../support/test-app';

describe('patients', () => {
  let app: NestExpressApplication;
  let a: TestClinic;
  let b: TestClinic;
  let asA: SignedIn;
  let asB: SignedIn;
  let db: DataSource;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    [a, b] = [await createClinic(app), await createClinic(app)];
    [asA, asB] = [await signIn(app, a.clinician), await signIn(app, b.clinician)];
  });
  afterAll(() => app.close());

  const create = (session: SignedIn, body: object) =>
    session.agent.post('/api/patients').set('X-CSRF-Token', session.csrfToken).send(body);
  const patientCount = async () =>
    Number(
      (await db.query(`SELECT count(*) FROM patients WHERE clinic_id = $1`, [a.clinic.id]))[0]
        .count,
    );

  it('creates a patient in the clinic of the signed-in user and audits it', async () => {
    const res = await create(asA, {
      displayName: 'Maria L.',
      dateOfBirth: '1968-03-14',
      mrn: 'A-100',
    }).expect(201);
    expect(res.body).toMatchObject({
      displayName: 'Maria L.',
      dateOfBirth: '1968-03-14',
      mrn: 'A-100',
      language: 'en',
      archived: false,
    });
    const [event] = await db.query(
      `SELECT * FROM audit_events WHERE action = 'patient.created' AND target_id = $1`,
      [res.body.id],
    );
    expect(event).toMatchObject({
      clinic_id: a.clinic.id,
      actor_id: a.clinician.id,
      outcome: 'success',
    });
    expect(JSON.stringify(event)).not.toContain('Maria');
  });

  it.each([
    [
      { displayName: 'X', dateOfBirth: '2999-01-01' },
      'dateOfBirth: must not be in the future or before 1900',
    ],
    [
      { displayName: 'X', dateOfBirth: 'last tuesday' },
      'dateOfBirth: must be a date as YYYY-MM-DD',
    ],
    [{ displayName: 'X', dateOfBirth: '1990-02-30' }, 'dateOfBirth: must be a date as YYYY-MM-DD'],
    [
      { displayName: '', dateOfBirth: '1990-01-01' },
      'displayName: must be longer than or equal to 1 characters',
    ],
    [
      { displayName: 'X', dateOfBirth: '1990-01-01', language: 'klingon' },
      'language: must be a language tag',
    ],
    [{ displayName: 'X', dateOfBirth: '1990-01-01', mrn: 'has spaces' }, 'mrn: may hold only'],
    [
      { displayName: 'X', dateOfBirth: '1990-01-01', clinicId: 'elsewhere' },
      'clinicId: should not exist',
    ],
  ])('refuses %j naming the field, writing nothing', async (body, message) => {
    const before = await patientCount();
    const res = await create(asA, body).expect(400);
    expect(res.body.message.join(' ')).toContain(message);
    expect(await patientCount()).toBe(before);
  });

  it('keeps MRNs unique within a clinic but not across clinics', async () => {
    const mrn = `M-${unique()}`;
    await create(asA, { displayName: 'One', dateOfBirth: '1970-01-01', mrn }).expect(201);
    const before = await patientCount();
    const clash = await create(asA, { displayName: 'Two', dateOfBirth: '1971-01-01', mrn }).expect(
      409,
    );
    expect(clash.body.message).toBe('mrn: another patient in this clinic already has this MRN');
    expect(await patientCount()).toBe(before);
    await create(asB, { displayName: 'Elsewhere', dateOfBirth: '1972-01-01', mrn }).expect(201);
  });

  it('searches by part of the name or the MRN, paged, within the clinic only', async () => {
    const tag = unique();
    for (let i = 0; i < 7; i++) {
      await create(asA, {
        displayName: `Zed ${tag} ${i}`,
        dateOfBirth: '1980-05-05',
        mrn: `Q${tag}${i}`,
      }).expect(201);
    }
    await create(asB, { displayName: `Zed ${tag} other clinic`, dateOfBirth: '1980-05-05' }).expect(
      201,
    );

    const page1 = await asA.agent.get(`/api/patients?q=${tag}&pageSize=5`).expect(200);
    expect(page1.body.total).toBe(7);
    expect(page1.body.items).toHaveLength(5);
    const page2 = await asA.agent.get(`/api/patients?q=${tag}&pageSize=5&page=2`).expect(200);
    expect(page2.body.items.map((p: { displayName: string }) => p.displayName)).toEqual([
      `Zed ${tag} 5`,
      `Zed ${tag} 6`,
    ]);
    const byMrn = await asA.agent.get(`/api/patients?q=q${tag}3`).expect(200);
    expect(byMrn.body.items.map((p: { mrn: string }) => p.mrn)).toEqual([`Q${tag}3`]);
    const wildcard = await asA.agent.get(`/api/patients?q=%25`).expect(200);
    expect(wildcard.body.total).toBe(0);
    await asA.agent.get(`/api/patients?pageSize=500`).expect(400);
  });

  it('edits and archives (never deletes), auditing field names only', async () => {
    const { body: patient } = await create(asA, {
      displayName: 'Edit Me',
      dateOfBirth: '1960-06-06',
    }).expect(201);
    const edited = await asA.agent
      .patch(`/api/patients/${patient.id}`)
      .set('X-CSRF-Token', asA.csrfToken)
      .send({ displayName: 'Edited', language: 'es' })
      .expect(200);
    expect(edited.body).toMatchObject({
      displayName: 'Edited',
      language: 'es',
      dateOfBirth: '1960-06-06',
    });
    const archived = await asA.agent
      .post(`/api/patients/${patient.id}/archive`)
      .set('X-CSRF-Token', asA.csrfToken)
      .expect(200);
    expect(archived.body.archived).toBe(true);
    const list = await asA.agent.get(`/api/patients?q=Edited`).expect(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(patient.id);
    const withArchived = await asA.agent
      .get(`/api/patients?q=Edited&includeArchived=true`)
      .expect(200);
    expect(withArchived.body.items.map((p: { id: string }) => p.id)).toContain(patient.id);
    await asA.agent.get(`/api/patients/${patient.id}`).expect(200);

    const events = await db.query(
      `SELECT action, details FROM audit_events WHERE target_id = $1 ORDER BY id`,
      [patient.id],
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'patient.created',
      'patient.updated',
      'patient.archived',
      'patient.viewed',
    ]);
    expect(events[1].details).toEqual({ fields: ['displayName', 'language'] });
  });

  it("answers 404 for another clinic's patient, exactly like a missing one", async () => {
    const { body: patient } = await create(asA, {
      displayName: 'Private',
      dateOfBirth: '1950-01-01',
    }).expect(201);
    const foreign = await asB.agent.get(`/api/patients/${patient.id}`).expect(404);
    const missing = await asB.agent
      .get(`/api/patients/00000000-0000-4000-8000-000000000000`)
      .expect(404);
    const malformed = await asB.agent.get(`/api/patients/not-an-id`).expect(404);
    expect(foreign.body.message).toBe(missing.body.message);
    expect(malformed.body.statusCode).toBe(404);
    await asB.agent
      .patch(`/api/patients/${patient.id}`)
      .set('X-CSRF-Token', asB.csrfToken)
      .send({ displayName: 'Stolen' })
      .expect(404);
  });

  it('is for clinicians and admins, not editors', async () => {
    const editor = await signIn(app, a.editor);
    await editor.agent.get('/api/patients').expect(403);
    const admin = await signIn(app, a.admin);
    await admin.agent.get('/api/patients').expect(200);
  });
});
