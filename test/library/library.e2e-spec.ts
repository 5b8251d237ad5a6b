import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { ownBlock } from '../support/blocks';
import { createClinic, signIn, SignedIn, TestClinic, unique } from '../support/factories';
import { startTestApp } from '../support/test-app';

describe('guidance block library', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let a: TestClinic;
  let editorA: SignedIn;
  let clinicianA: SignedIn;
  let editorB: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    a = await createClinic(app);
    const b = await createClinic(app);
    [editorA, clinicianA, editorB] = await Promise.all([
      signIn(app, a.editor),
      signIn(app, a.clinician),
      signIn(app, b.editor),
    ]);
  });
  afterAll(() => app.close());

  const versionCount = async () =>
    Number(
      (
        await db.query(
          `SELECT count(*) FROM block_versions v JOIN blocks b ON b.id = v.block_id WHERE b.owner_clinic_id = $1`,
          [a.clinic.id],
        )
      )[0].count,
    );
  const post = (s: SignedIn, url: string, body?: object) =>
    s.agent.post(url).set('X-CSRF-Token', s.csrfToken).send(body);
  const put = (s: SignedIn, url: string, body: object) =>
    s.agent.put(url).set('X-CSRF-Token', s.csrfToken).send(body);

  it('lists the approved starter library with parameters and reading grades', async () => {
    const res = await clinicianA.agent.get('/api/blocks').expect(200);
    expect(res.body.total).toBeGreaterThanOrEqual(31);
    const cold = res.body.items.find((b: { key: string }) => b.key === 'cold-pack');
    expect(cold).toMatchObject({
      category: 'relief',
      version: 1,
      owner: 'shared',
      readingGrade: expect.any(Number),
    });
    expect(cold.parameters[0]).toMatchObject({
      name: 'minutes',
      type: 'integer',
      unit: 'minutes',
      min: 5,
      max: 20,
      default: 15,
    });
  });

  it('searches by words in title and text, and filters by category and condition', async () => {
    const heat = await clinicianA.agent.get('/api/blocks?q=heating pad').expect(200);
    expect(heat.body.items.map((b: { key: string }) => b.key)).toContain('heat');
    const exercise = await clinicianA.agent.get('/api/blocks?category=exercise').expect(200);
    expect(exercise.body.items.every((b: { category: string }) => b.category === 'exercise')).toBe(
      true,
    );
    expect(exercise.body.total).toBeGreaterThanOrEqual(5);
    const none = await clinicianA.agent.get('/api/blocks?condition=knee-pain').expect(200);
    expect(none.body.total).toBe(0);
    const bad = await clinicianA.agent.get('/api/blocks?category=magic').expect(400);
    expect(bad.body.message[0]).toMatch(/^category: must be one of the following values/);
  });

  it('shows a block with its current version and history', async () => {
    const res = await clinicianA.agent.get('/api/blocks/emergency-signs').expect(200);
    expect(res.body).toMatchObject({
      key: 'emergency-signs',
      owner: 'shared',
      retired: false,
      draft: null,
    });
    expect(res.body.current.body).toContain('[!EMERGENCY]');
    expect(res.body.versions).toEqual([
      expect.objectContaining({ number: 2, language: 'es', status: 'approved' }),
      expect.objectContaining({ number: 1, language: 'en', status: 'approved' }),
    ]);
    // The Spanish version: its own title and reading score, the same signs, not yet checked by a reader.
    expect(res.body.translations).toEqual([
      {
        language: 'es',
        current: expect.objectContaining({
          language: 'es',
          readingGrade: null,
          readingEase: expect.any(Number),
          translationCheckedBy: null,
        }),
        draft: null,
      },
    ]);
    expect(res.body.translations[0].current.body).toContain('[!EMERGENCY]');
    await clinicianA.agent
      .get('/api/blocks?language=es&pageSize=200')
      .expect(200)
      .expect((r) => {
        const signs = r.body.items.find((b: { key: string }) => b.key === 'emergency-signs');
        expect(signs).toMatchObject({ language: 'es', languages: ['en', 'es'] });
        expect(signs.title).not.toBe('Emergency warning signs');
      });
    await clinicianA.agent
      .get('/api/blocks?language=fr')
      .expect(400)
      .expect((r) => expect(JSON.stringify(r.body)).toMatch(/language: must be one of en, es/));
    await clinicianA.agent
      .get('/api/templates')
      .expect(200)
      .expect((r) => {
        const first = r.body.items.find((t: { key: string }) => t.key === 'first-72-hours');
        expect(first.blocks[0]).toEqual({ key: 'today-first-72-hours', params: {} });
        expect(first.blocks.find((b: { key: string }) => b.key === 'cold-pack').params).toEqual({
          minutes: 15,
          'every-hours': 2,
          days: 3,
        });
      });
  });

  it('takes a clinic block from draft to approved, then a new draft, never changing the approved text', async () => {
    const key = `rolls-${unique()}`;
    const created = await post(editorA, '/api/blocks', ownBlock(key)).expect(201);
    expect(created.body).toMatchObject({
      number: 1,
      status: 'draft',
      readingGrade: expect.any(Number),
    });
    // A draft is not in the clinicians' list yet.
    expect((await clinicianA.agent.get(`/api/blocks?q=${key}`)).body.total).toBe(0);

    await put(
      editorA,
      `/api/blocks/${key}/versions/1`,
      ownBlock(key, { title: 'Shoulder rolls, seated' }),
    ).expect(200);
    const approved = await post(editorA, `/api/blocks/${key}/versions/1/approve`).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', title: 'Shoulder rolls, seated' });
    const again = await post(editorA, `/api/blocks/${key}/versions/1/approve`).expect(409);
    expect(again.body.message).toBe('version 1 is already approved');
    const edit = await put(editorA, `/api/blocks/${key}/versions/1`, ownBlock(key)).expect(409);
    expect(edit.body.message).toMatch(/version 1 is approved and never changes/);

    const draft2 = await put(
      editorA,
      `/api/blocks/${key}/draft`,
      ownBlock(key, { body: 'Sit tall.\n\n1. Roll back **{{repetitions}} times**.' }),
    ).expect(200);
    expect(draft2.body).toMatchObject({ number: 2, status: 'draft' });
    const listed = await clinicianA.agent.get(`/api/blocks?q=${key}`).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        key,
        version: 1,
        owner: 'clinic',
        title: 'Shoulder rolls, seated',
      }),
    ]);
    const detail = await editorA.agent.get(`/api/blocks/${key}`).expect(200);
    expect(detail.body.draft.number).toBe(2);
    expect((await clinicianA.agent.get(`/api/blocks/${key}`)).body.draft).toBeNull();

    // The database itself refuses to change an approved version.
    await expect(
      db.query(
        `UPDATE block_versions SET title = 'tampered' WHERE status = 'approved' AND title = 'Shoulder rolls, seated'`,
      ),
    ).rejects.toThrow(/an approved version never changes/);
    const events = await db.query(
      `SELECT action FROM audit_events WHERE details->>'key' = $1 ORDER BY id`,
      [key],
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'block.created',
      'block.draft_saved',
      'block.approved',
      'block.draft_started',
    ]);
  });

  it.each([
    [{ category: 'gossip' }, 'category: must be one of about, causes'],
    [
      {
        parameters: [{ name: 'reps', type: 'integer', label: 'Reps', min: 10, max: 1, default: 5 }],
        body: 'Do it {{reps}} times.',
      },
      'parameters[0] (reps): min (10) must not be greater than max (1)',
    ],
    [
      {
        parameters: [
          { name: 'reps', type: 'integer', label: 'Reps', min: 1, max: 10, default: 50 },
        ],
        body: 'Do it {{reps}} times.',
      },
      'parameters[0] (reps): default must be between 1 and 10',
    ],
    [{ body: '<script>alert(1)</script>' }, 'body line 1: HTML is not allowed'],
    [
      { body: 'Hold for {{seconds}} seconds.' },
      'body line 1: {{seconds}} names no declared parameter',
    ],
    [{ body: 'Visit [us](https://evil.example).' }, 'body line 1: links are not allowed'],
    [{ sources: [] }, 'sources: list at least one source'],
    [{ key: 'Not A Key' }, 'key: must be kebab-case'],
    [
      {
        parameters: [
          { name: 'days', type: 'integer', label: 'Days', min: 1, max: 1_000_000, default: 7 },
        ],
        body: 'Tick each day.\n\n[[exercise-log]]',
      },
      'parameters[0] (days): min and max must be between -10,000 and 10,000',
    ],
    [
      {
        parameters: [{ name: 'days', type: 'integer', label: 'Days', min: 1, max: 60, default: 7 }],
        body: 'Tick each day.\n\n[[exercise-log]]',
      },
      'parameters (days): max must be at most 28 for the exercise log',
    ],
  ])('refuses a bad block %j, writing nothing', async (override, message) => {
    const before = await versionCount();
    const res = await post(editorA, '/api/blocks', ownBlock(`bad-${unique()}`, override)).expect(
      400,
    );
    expect([res.body.message].flat().join(' | ')).toContain(message);
    expect(await versionCount()).toBe(before);
  });

  it('refuses a duplicate key, and a key the shared library uses', async () => {
    const key = `dup-${unique()}`;
    await post(editorA, '/api/blocks', ownBlock(key)).expect(201);
    const dup = await post(editorA, '/api/blocks', ownBlock(key)).expect(409);
    expect(dup.body.message).toBe(`key: a block with key "${key}" already exists`);
    const shared = await post(editorA, '/api/blocks', ownBlock('heat')).expect(409);
    expect(shared.body.message).toBe('key: "heat" is already used by the shared library');
  });

  it("keeps a clinic's own blocks from other clinics (404) and the shared library read-only (403)", async () => {
    const key = `private-${unique()}`;
    await post(editorA, '/api/blocks', ownBlock(key)).expect(201);
    await post(editorA, `/api/blocks/${key}/versions/1/approve`).expect(200);
    await editorB.agent.get(`/api/blocks/${key}`).expect(404);
    expect((await editorB.agent.get(`/api/blocks?q=${key}`)).body.total).toBe(0);
    await put(editorB, `/api/blocks/${key}/draft`, ownBlock(key)).expect(404);
    // Clinic B may use the same key for a block of its own.
    await post(editorB, '/api/blocks', ownBlock(key)).expect(201);
    const shared = await put(editorA, '/api/blocks/heat/draft', ownBlock('heat')).expect(403);
    expect(shared.body.message).toMatch(/shared library is maintained in the repository/);
  });

  it('lets only editors and admins edit', async () => {
    await post(clinicianA, '/api/blocks', ownBlock(`nope-${unique()}`)).expect(403);
  });

  it('retires a block: gone from the list, history kept', async () => {
    const key = `old-${unique()}`;
    await post(editorA, '/api/blocks', ownBlock(key)).expect(201);
    await post(editorA, `/api/blocks/${key}/versions/1/approve`).expect(200);
    await post(editorA, `/api/blocks/${key}/retire`).expect(204);
    await post(editorA, `/api/blocks/${key}/retire`).expect(409);
    expect((await clinicianA.agent.get(`/api/blocks?q=${key}`)).body.total).toBe(0);
    const detail = await editorA.agent.get(`/api/blocks/${key}`).expect(200);
    expect(detail.body).toMatchObject({
      retired: true,
      versions: [expect.objectContaining({ status: 'retired' })],
    });
  });

  it('never leaves a retired block with an approved version when approval and retirement race', async () => {
    for (let round = 0; round < 4; round++) {
      const key = `race-${unique()}`;
      await post(editorA, '/api/blocks', ownBlock(key)).expect(201);
      await post(editorA, `/api/blocks/${key}/versions/1/approve`).expect(200);
      await put(editorA, `/api/blocks/${key}/draft`, {
        ...ownBlock(key),
        title: 'Second text',
      }).expect(200);
      const [approve, retire] = await Promise.all([
        post(editorA, `/api/blocks/${key}/versions/2/approve`),
        post(editorA, `/api/blocks/${key}/retire`),
      ]);
      expect(retire.status).toBe(204);
      expect([200, 409]).toContain(approve.status);
      const detail = await editorA.agent.get(`/api/blocks/${key}`).expect(200);
      expect(detail.body.retired).toBe(true);
      // Approved first, then retired: version 2 is current and retired. Retired first: the
      // approval is refused and version 2 stays a draft. Never a retired block whose current
      // text is still approved.
      expect(detail.body.current.status).toBe('retired');
      expect(detail.body.current.number).toBe(approve.status === 200 ? 2 : 1);
    }
  });

  it('previews a block file for the editor without saving', async () => {
    const before = await versionCount();
    const ok = await post(editorA, '/api/blocks/preview', {
      source:
        '---\nkey: x-y\ncategory: relief\nconditions: [low-back-spasm]\ntitle: Tea\nsummary: s\nsources: [{title: t, publisher: p, year: 2020}]\n---\nDrink warm tea. It may help you relax.',
    }).expect(200);
    expect(ok.body.problems).toEqual([]);
    expect(ok.body.html).toContain('<h2 id="block-x-y-title">Tea</h2>');
    expect(ok.body.readability.fleschKincaidGrade).toEqual(expect.any(Number));
    const bad = await post(editorA, '/api/blocks/preview', { source: 'no front matter' }).expect(
      200,
    );
    expect(bad.body.problems).toEqual(['file: must start with front matter between --- lines']);
    expect(await versionCount()).toBe(before);
  });
});
