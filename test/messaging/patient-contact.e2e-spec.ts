import { NestExpressApplication } from '@nestjs/platform-express';
import { createClinic, signIn, SignedIn, TestClinic } from '../support/factories';
import { startTestApp } from '../support/test-app';

/** A patient's email and mobile number: checked, kept in E.164, never copied into the trail. */
describe('a patient’s email and mobile number', () => {
  let app: NestExpressApplication;
  let clinic: TestClinic;
  let lee: SignedIn;
  let logLines: string[];

  beforeAll(async () => {
    logLines = [];
    app = await startTestApp({ LOG_LEVEL: 'debug' }, [], { logLines });
    clinic = await createClinic(app);
    lee = await signIn(app, clinic.clinician);
  });
  afterAll(() => app.close());

  const send = (method: 'post' | 'patch', path: string, body: object) =>
    lee.agent[method](path).set('X-CSRF-Token', lee.csrfToken).send(body);
  const patient = { displayName: 'Maria L.', dateOfBirth: '1968-03-14' };

  it('keeps an email and a mobile number typed with spaces as E.164, and clears them', async () => {
    const created = await send('post', '/api/patients', {
      ...patient,
      email: ' maria.contact@example.org ',
      phone: '+44 7700 900123',
    }).expect(201);
    expect(created.body).toMatchObject({
      email: 'maria.contact@example.org',
      phone: '+447700900123',
    });
    const changed = await send('patch', `/api/patients/${created.body.id}`, {
      phone: '0034 612-34-56-78',
    }).expect(200);
    expect(changed.body).toMatchObject({
      email: 'maria.contact@example.org',
      phone: '+34612345678',
    });
    const cleared = await send('patch', `/api/patients/${created.body.id}`, {
      email: null,
      phone: '',
    }).expect(200);
    expect(cleared.body).toMatchObject({ email: null, phone: null });
    // The trail names the fields changed, never their values.
    const admin = await signIn(app, clinic.admin);
    const trail = await admin.agent
      .get(`/api/audit?action=patient.&targetId=${created.body.id}`)
      .expect(200);
    const written = JSON.stringify(trail.body.items);
    expect(written).toContain('"fields":["phone"]');
    expect(written).not.toMatch(/maria\.contact|7700900123|34612345678/);
    // Nor does the log.
    expect(logLines.join('\n')).not.toMatch(/maria\.contact|7700900123|34612345678|612-34/);
  });

  it.each([
    [
      { phone: '07700 900123' },
      'phone: must be a mobile number with its country code, such as +44 7700 900123',
    ],
    [
      { phone: '+1 555 0100' },
      'phone: must be a mobile number with its country code, such as +44 7700 900123',
    ],
    [
      { phone: 447700900123 },
      'phone: must be a mobile number with its country code, such as +44 7700 900123',
    ],
    [{ email: 'maria@' }, 'email: must be an email address, such as name@example.org'],
    [
      { email: 'two words@example.org' },
      'email: must be an email address, such as name@example.org',
    ],
  ])('refuses %j, naming the field', async (contact, message) => {
    const refused = await send('post', '/api/patients', { ...patient, ...contact }).expect(400);
    expect(refused.body.message).toContain(message);
  });

  it('edits them on the patient’s form, with the form’s own labels in its messages', async () => {
    const page = await lee.agent.get('/patients/new').expect(200);
    expect(page.text).toMatch(/<label for="email">Email/);
    expect(page.text).toMatch(/<label for="phone">Mobile number/);
    const form = (fields: Record<string, string>) =>
      lee.agent
        .post('/patients')
        .type('form')
        .send({ _csrf: lee.csrfToken, language: 'en', mrn: '', ...patient, ...fields });
    const refused = await form({ email: '', phone: '7700 900123' }).expect(400);
    expect(refused.text).toContain('Mobile number: must be a mobile number with its country code');
    expect(refused.text).toContain('value="7700 900123"');
    const saved = await form({
      email: 'form.patient@example.org',
      phone: '+1 555 010 0123',
    }).expect(303);
    const shown = await lee.agent.get(saved.headers.location).expect(200);
    expect(shown.text).toContain('form.patient@example.org');
    expect(shown.text).toContain('+15550100123');
    const edit = await lee.agent.get(`${saved.headers.location}/edit`).expect(200);
    expect(edit.text).toContain('value="+15550100123"');
  });
});
