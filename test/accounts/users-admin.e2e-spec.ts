import { NestExpressApplication } from '@nestjs/platform-express';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  createClinic,
  PASSWORD,
  randomAddress,
  signIn,
  SignedIn,
  TestClinic,
  unique,
} from '../support/factories';
import { startTestApp } from '../support/test-app';

describe('users and clinic administration', () => {
  let app: NestExpressApplication;
  let clinic: TestClinic;
  let admin: SignedIn;
  let db: DataSource;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    clinic = await createClinic(app);
    admin = await signIn(app, clinic.admin);
  });
  afterAll(() => app.close());

  const addUser = (body: object) =>
    admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrfToken).send(body);
  const userCount = async () =>
    Number(
      (await db.query(`SELECT count(*) FROM users WHERE clinic_id = $1`, [clinic.clinic.id]))[0]
        .count,
    );

  it('adds a user to the admin’s clinic', async () => {
    const email = `new.${unique()}@example.org`;
    const res = await addUser({
      email,
      name: 'New Person',
      role: 'clinician',
      password: PASSWORD,
    }).expect(201);
    expect(res.body).toMatchObject({
      email,
      role: 'clinician',
      clinicId: clinic.clinic.id,
      disabled: false,
    });
    const list = await admin.agent.get('/api/users').expect(200);
    expect(list.body.map((u: { email: string }) => u.email)).toContain(email);
  });

  it.each([
    [
      { email: 'not-an-email', name: 'X', role: 'clinician', password: PASSWORD },
      400,
      'email: must be a valid email address',
    ],
    [
      { email: 'x@example.org', name: 'X', role: 'clinician', password: 'short' },
      400,
      'password: must be at least 12 characters',
    ],
    [
      { email: 'x@example.org', name: 'X', role: 'clinician', password: 'password1234' },
      400,
      'password: is on the list of commonly used passwords',
    ],
    [
      { email: 'x@example.org', name: 'X', role: 'superuser', password: PASSWORD },
      400,
      'role: must be one of the following values',
    ],
  ])('refuses %j with %i and a reason, writing nothing', async (body, status, message) => {
    const before = await userCount();
    const res = await addUser(body).expect(status);
    expect([res.body.message].flat().join(' ')).toContain(message);
    expect(await userCount()).toBe(before);
  });

  it('refuses a duplicate email, whatever its case, with 409', async () => {
    const res = await addUser({
      email: clinic.clinician.email.toUpperCase(),
      name: 'Dup',
      role: 'editor',
      password: PASSWORD,
    }).expect(409);
    expect(res.body.message).toBe('email: a user with this email already exists in this clinic');
  });

  it("adds a user whose email another clinic uses, revealing nothing about that clinic's staff", async () => {
    const email = `shared-${unique()}@example.org`;
    const [first, second] = ['first long password here', 'second long password here'];
    await addUser({ email, name: 'Here', role: 'clinician', password: first }).expect(201);
    const add = async (to: SignedIn, password: string) =>
      to.agent
        .post('/api/users')
        .set('X-CSRF-Token', to.csrfToken)
        .send({ email: email.toUpperCase(), name: 'There', role: 'clinician', password });
    const other = await createClinic(app);
    const otherAdmin = await signIn(app, other.admin);
    const made = await add(otherAdmin, second);
    expect([made.status, made.body.message]).toEqual([201, undefined]);
    const login = (password: string) =>
      request(app.getHttpServer())
        .post('/api/auth/login')
        .set('X-Forwarded-For', randomAddress())
        .send({ email, password });
    // Each password opens its own clinic's account.
    expect((await login(first).expect(200)).body.user.clinicId).toBe(clinic.clinic.id);
    expect((await login(second).expect(200)).body.user.clinicId).toBe(other.clinic.id);
    // Within one clinic the address is still unique.
    const again = await add(otherAdmin, 'third long password here');
    expect([again.status, again.body.message]).toEqual([
      409,
      'email: a user with this email already exists in this clinic',
    ]);
    // The same password at two clinics: no guessing which account was meant.
    const twin = await createClinic(app);
    expect((await add(await signIn(app, twin.admin), first)).status).toBe(201);
    const both = await login(first).expect(409);
    expect(both.body.message).toMatch(/accounts at more than one clinic/);
  });

  it('keeps admin routes from clinicians and editors (403)', async () => {
    for (const user of [clinic.clinician, clinic.editor]) {
      const session = await signIn(app, user);
      await session.agent.get('/api/users').expect(403);
      await session.agent.get('/api/audit').expect(403);
      await session.agent
        .patch('/api/clinic')
        .set('X-CSRF-Token', session.csrfToken)
        .send({ name: 'Mine now' })
        .expect(403);
    }
  });

  it('changes roles and disables users, ending their sessions at once, all audited', async () => {
    const { body: user } = await addUser({
      email: `temp.${unique()}@example.org`,
      name: 'Temp',
      role: 'clinician',
      password: PASSWORD,
    }).expect(201);
    const theirs = await signIn(app, user);
    await theirs.agent.get('/api/patients').expect(200);

    await admin.agent
      .patch(`/api/users/${user.id}`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ role: 'editor' })
      .expect(200);
    await theirs.agent.get('/api/patients').expect(403); // the new role applies to the open session

    await admin.agent
      .patch(`/api/users/${user.id}`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ disabled: true })
      .expect(200);
    await theirs.agent.get('/api/auth/me').expect(401);
    const left = await db.query(`SELECT 1 FROM sessions WHERE sess->'passport'->>'user' = $1`, [
      user.id,
    ]);
    expect(left).toEqual([]);
    await request(app.getHttpServer())
      .post('/api/auth/login')
      .set('X-Forwarded-For', '203.0.113.9')
      .send({ email: user.email, password: PASSWORD })
      .expect(401);

    const events = await db.query(
      `SELECT action, details FROM audit_events WHERE target_id = $1 ORDER BY id`,
      [user.id],
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'user.created',
      'user.role_changed',
      'user.disabled',
    ]);
    expect(events[1].details).toEqual({ from: 'clinician', to: 'editor' });
  });

  it('keeps at least one active admin', async () => {
    const solo = await createClinic(app);
    const session = await signIn(app, solo.admin);
    const res = await session.agent
      .patch(`/api/users/${solo.admin.id}`)
      .set('X-CSRF-Token', session.csrfToken)
      .send({ role: 'clinician' })
      .expect(409);
    expect(res.body.message).toBe('role: the clinic must keep at least one active admin');
  });

  it('shows times on pages in the clinic’s time zone, one format everywhere', async () => {
    const bad = await admin.agent
      .patch('/api/clinic')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ timeZone: 'Mars/Olympus' })
      .expect(400);
    expect(bad.body.message).toEqual([
      'timeZone: must be a time zone such as Europe/London or America/New_York',
    ]);
    const utc = await admin.agent.get('/admin/audit').expect(200);
    expect(utc.text).toMatch(/<td>\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC<\/td>/);
    await admin.agent
      .patch('/api/clinic')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ timeZone: 'Asia/Kolkata' })
      .expect(200);
    // The very next page, on the session's own query: no restart, no cache.
    const local = await admin.agent.get('/admin/audit').expect(200);
    expect(local.text).toMatch(/<td>\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d GMT\+5:30<\/td>/);
    expect(local.text).not.toMatch(/\d\d:\d\d UTC<\/td>/);
    await admin.agent
      .patch('/api/clinic')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ timeZone: 'UTC' })
      .expect(200);
  });

  it('updates clinic settings, validating each field', async () => {
    const ok = await admin.agent
      .patch('/api/clinic')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({
        phone: '+44 20 7946 0000',
        paperSize: 'Letter',
        accentColor: '#AA3300',
        defaultLinkDays: 30,
        requireDobByDefault: false,
      })
      .expect(200);
    expect(ok.body).toMatchObject({
      paperSize: 'Letter',
      accentColor: '#aa3300',
      defaultLinkDays: 30,
      requireDobByDefault: false,
    });
    const bad = await admin.agent
      .patch('/api/clinic')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ paperSize: 'A3', defaultLinkDays: 400, accentColor: 'red' })
      .expect(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        'accentColor: must be a colour like #1f5f8b',
        'paperSize: must be one of the following values: A4, Letter',
        'defaultLinkDays: must not be greater than 365',
      ]),
    );
  });

  describe('logo', () => {
    let png: Buffer;
    let jpeg: Buffer;
    beforeAll(async () => {
      const picture = sharp({
        create: { width: 200, height: 80, channels: 3, background: '#1f5f8b' },
      });
      png = await picture.clone().png().toBuffer();
      jpeg = await picture.clone().jpeg().toBuffer();
    });
    const upload = (bytes: Buffer, filename: string) =>
      admin.agent
        .put('/api/clinic/logo')
        .set('X-CSRF-Token', admin.csrfToken)
        .attach('logo', bytes, filename);

    it('accepts PNG and JPEG by content, and serves it back', async () => {
      const res = await upload(png, 'logo.png').expect(200);
      expect(res.body).toMatchObject({ hasLogo: true, logoType: 'image/png' });
      const served = await admin.agent.get('/api/clinic/logo').expect(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(await sharp(served.body).metadata()).toMatchObject({ width: 200, height: 80 });
      // A JPEG named .png is still a JPEG.
      const renamed = await upload(jpeg, 'sneaky.png').expect(200);
      expect(renamed.body.logoType).toBe('image/jpeg');
    });

    it('refuses a file that only claims to be an image, and one over 300 KB', async () => {
      const fake = await upload(Buffer.from('<svg onload="alert(1)"></svg>'), 'logo.png').expect(
        400,
      );
      expect(fake.body.message).toBe('logo: must be a PNG or JPEG image');
      // The right first bytes, but no picture after them.
      const header = Buffer.concat([png.subarray(0, 33), Buffer.alloc(40, 1)]);
      expect((await upload(header, 'logo.png').expect(400)).body.message).toMatch(/^logo: /);
      const big = Buffer.concat([png, Buffer.alloc(301 * 1024)]);
      const tooBig = await upload(big, 'big.png').expect(413);
      expect(tooBig.body.message).toMatch(/logo: must be at most 300 KB/);
      await admin.agent.put('/api/clinic/logo').set('X-CSRF-Token', admin.csrfToken).expect(400);
    });

    it('refuses a small file that claims 20000 × 20000 pixels, without drawing it', async () => {
      const started = Date.now();
      const res = await upload(withSize(png, 20_000, 20_000), 'huge.png').expect(400);
      expect(res.body.message).toBe('logo: must be at most 2000 × 2000 pixels (got 20000 × 20000)');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('stores a large logo at most 600 pixels on its long side', async () => {
      const large = await sharp({
        create: { width: 1600, height: 800, channels: 3, background: '#ffffff' },
      })
        .png()
        .toBuffer();
      await upload(large, 'large.png').expect(200);
      const served = await admin.agent.get('/api/clinic/logo').expect(200);
      expect(await sharp(served.body).metadata()).toMatchObject({ width: 600, height: 300 });
    });
  });
});

/** A PNG whose header claims another size (with the header's checksum made right). */
function withSize(png: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(png);
  copy.writeUInt32BE(width, 16);
  copy.writeUInt32BE(height, 20);
  copy.writeUInt32BE(crc32(copy.subarray(12, 29)), 29);
  return copy;
}
