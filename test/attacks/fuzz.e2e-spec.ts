import { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { createClinic, signIn, SignedIn } from '../support/factories';
import { patientWithHandout, publish } from '../support/handouts';
import { startTestApp } from '../support/test-app';

/** An object nested `depth` levels deep: {"a":{"a":…}}. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/**
 * Property-based fuzzing of the JSON routes' bodies: whatever arrives, the answer is never a
 * 500, and a refused request leaves every table exactly as it was.
 */
describe('fuzzing JSON bodies', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let admin: SignedIn;
  let editor: SignedIn;
  let handoutId: string;
  let patientId: string;
  let clinicId: string;
  let userId: string;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    const clinic = await createClinic(app);
    clinicId = clinic.clinic.id;
    userId = clinic.clinician.id;
    admin = await signIn(app, clinic.admin);
    editor = await signIn(app, clinic.editor);
    const made = await patientWithHandout(admin);
    handoutId = made.handout.id;
    patientId = made.patient.id;
    await publish(admin, handoutId).expect(201);
  }, 60_000);
  afterAll(() => app.close());

  /** This clinic's rows in every table a route could write (other tests run alongside). */
  const SCOPED: Record<string, string> = {
    patients: 'SELECT count(*) FROM patients WHERE clinic_id = $1',
    users: 'SELECT count(*) FROM users WHERE clinic_id = $1',
    handouts: 'SELECT count(*) FROM handouts WHERE clinic_id = $1',
    handout_versions: 'SELECT count(*) FROM handout_versions WHERE clinic_id = $1',
    portal_links: 'SELECT count(*) FROM portal_links WHERE clinic_id = $1',
    blocks: 'SELECT count(*) FROM blocks WHERE owner_clinic_id = $1',
    block_versions:
      'SELECT count(*) FROM block_versions v JOIN blocks b ON b.id = v.block_id WHERE b.owner_clinic_id = $1',
    protocols: 'SELECT count(*) FROM protocols WHERE owner_clinic_id = $1',
    clinic: `SELECT md5(row(name, phone, address, website, accent_color, paper_size, default_link_days, require_dob_by_default)::text) AS count FROM clinics WHERE id = $1`,
  };
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(SCOPED).map(
          async ([name, sql]) =>
            [name, String((await db.query(sql, [clinicId]))[0].count)] as const,
        ),
      ),
    );

  /** Values of every JSON kind, including the awkward ones. */
  const anyValue = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(
      '',
      ' ',
      '1968-02-30',
      '9999-99-99',
      '<script>alert(1)</script>',
      '{{constructor}}',
      '\u202e\u200b',
      'x'.repeat(5000),
      'Maria\u0000',
      '\u0000',
      '0000-01-01',
      '1899-12-31',
      2 ** 31,
      2 ** 53,
      1e20,
      -(2 ** 31) - 1,
    ),
    fc.string().map((text) => `${text}\u0000${text}`),
    fc.integer({ min: 40, max: 300 }).map(nested),
    fc.array(fc.oneof(fc.string(), fc.integer(), fc.object()), { maxLength: 4 }),
    fc.object({ maxDepth: 2 }),
  );
  const bodyWith = (keys: string[]) =>
    fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__', 'constructor'), anyValue, {
      maxKeys: keys.length + 2,
    });

  const routes: [string, 'post' | 'put' | 'patch', () => string, string[], () => SignedIn][] = [
    [
      'create patient',
      'post',
      () => '/api/patients',
      ['displayName', 'dateOfBirth', 'mrn', 'language'],
      () => admin,
    ],
    [
      'edit patient',
      'patch',
      () => `/api/patients/${patientId}`,
      ['displayName', 'dateOfBirth', 'mrn', 'language'],
      () => admin,
    ],
    [
      'save draft',
      'put',
      () => `/api/handouts/${handoutId}/draft`,
      ['title', 'note', 'followUpDate', 'startDate', 'blocks', 'revision'],
      () => admin,
    ],
    [
      'new handout',
      'post',
      () => `/api/patients/${patientId}/handouts`,
      ['title', 'templateKey'],
      () => admin,
    ],
    [
      'issue link',
      'post',
      () => `/api/handouts/${handoutId}/links`,
      ['expiresInDays', 'requireDateOfBirth'],
      () => admin,
    ],
    [
      'create block',
      'post',
      () => '/api/blocks',
      ['key', 'category', 'conditions', 'title', 'summary', 'parameters', 'sources', 'body'],
      () => editor,
    ],
    [
      'create template',
      'post',
      () => '/api/templates',
      ['key', 'title', 'condition', 'description', 'blocks'],
      () => editor,
    ],
    ['edit user', 'patch', () => `/api/users/${userId}`, ['name', 'role', 'disabled'], () => admin],
    ['add user', 'post', () => '/api/users', ['email', 'name', 'role', 'password'], () => admin],
    [
      'clinic settings',
      'patch',
      () => '/api/clinic',
      ['name', 'phone', 'address', 'website', 'accentColor', 'paperSize', 'defaultLinkDays'],
      () => admin,
    ],
  ];

  it.each([
    ['page=1e20', '/api/patients?page=1e20', 'page: must not be greater than 100000'],
    ['page=2^31', '/api/audit?page=2147483648', 'page: must not be greater than 100000'],
    ['from=0000-01-01', '/api/audit?from=0000-01-01', 'from: must be a real date as YYYY-MM-DD'],
    ['a NUL in a query', '/api/patients?q=Ma%00ria', 'query.q: must not contain a NUL character'],
    [
      'version 2^31',
      () => `/api/handouts/${handoutId}/versions/2147483648`,
      'number: must be a whole number from 1 to 2,147,483,647',
    ],
    [
      'version 1e20',
      () => `/api/handouts/${handoutId}/versions/100000000000000000000`,
      'number: must be a whole number from 1 to 2,147,483,647',
    ],
  ] as [string, string | (() => string), string][])(
    '%s: 400 naming the field',
    async (_name, path, message) => {
      const res = await admin.agent.get(typeof path === 'string' ? path : path()).expect(400);
      expect([res.body.message].flat().join(' | ')).toContain(message);
    },
  );

  it.each([
    [{ email: 'a\u0000@example.org', password: 'x' }, 'body.email: must not contain a NUL'],
    [`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, 'is nested too deeply (at most 32 levels)'],
  ])('sign-in refuses %#: 400 naming the field', async (body, message) => {
    const res = await admin.agent
      .post('/api/auth/login')
      .type('json')
      .send(typeof body === 'string' ? body : JSON.stringify(body))
      .expect(400);
    expect([res.body.message].flat().join(' | ')).toContain(message);
  });

  it('refuses a follow-up date in year 0 and a revision of 2^31 when saving a draft, writing nothing', async () => {
    const before = await counts();
    const draft = (await admin.agent.get(`/api/handouts/${handoutId}`).expect(200)).body.draft;
    const zero = await admin.agent
      .put(`/api/handouts/${handoutId}/draft`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ ...draft, followUpDate: '0000-01-01' })
      .expect(400);
    expect(zero.body.message.join(' ')).toContain('followUpDate: must be a real date');
    const huge = await admin.agent
      .put(`/api/handouts/${handoutId}/draft`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ ...draft, revision: 2 ** 31 })
      .expect(400);
    expect(huge.body.message.join(' ')).toContain('revision: must not be greater than 2147483647');
    expect(await counts()).toEqual(before);
  });

  it.each(routes.map((r) => [r[0], r] as const))(
    '%s: never a 500, nothing written when refused',
    async (_name, route) => {
      const [, method, path, keys, who] = route;
      await fc.assert(
        fc.asyncProperty(bodyWith(keys), async (body) => {
          const before = await counts();
          const session = who();
          const res = await session.agent[method](path())
            .set('X-CSRF-Token', session.csrfToken)
            .send(body);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(await counts()).toEqual(before);
        }),
        { numRuns: 25 },
      );
    },
  );
});
