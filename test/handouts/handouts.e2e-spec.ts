import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createClinic, signIn, SignedIn } from '../support/factories';
import { patientWithHandout, publish, saveDraft } from '../support/handouts';
import { startTestApp } from '../support/test-app';

describe('handouts: drafts and publishing', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let lee: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    lee = await signIn(app, (await createClinic(app)).clinician);
    other = await signIn(app, (await createClinic(app)).clinician);
  });
  afterAll(() => app.close());

  it('starts a handout from a template, in the contract’s shape', async () => {
    const { patient, handout } = await patientWithHandout(lee);
    expect(handout).toEqual({
      id: expect.any(String),
      patientId: patient.id,
      condition: 'low-back-spasm',
      templateKey: 'first-72-hours',
      draft: expect.objectContaining({
        title: 'First 72 hours after a back spasm',
        note: '',
        revision: 1,
      }),
      versions: [],
    });
    expect(handout.draft.blocks[0]).toEqual({ key: 'today-first-72-hours', params: {} });
    expect(handout.draft.blocks.map((b: { key: string }) => b.key)).toContain('emergency-signs');
    const empty = await lee.agent
      .post(`/api/patients/${patient.id}/handouts`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ title: 'Blank' })
      .expect(201);
    expect(empty.body.draft).toEqual({
      title: 'Blank',
      note: '',
      followUpDate: null,
      startDate: null,
      reviewAfterDays: 14,
      // The patient's preferred language (English here).
      language: 'en',
      blocks: [],
      revision: 1,
    });
    const bad = await lee.agent
      .post(`/api/patients/${patient.id}/handouts`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ templateKey: 'no-such-template' })
      .expect(400);
    expect(bad.body.message).toEqual(['templateKey: no template "no-such-template"']);
  });

  it('saves a draft with personal values and a note, moving the revision on', async () => {
    const { handout } = await patientWithHandout(lee);
    const blocks = handout.draft.blocks.map((b: { key: string }) =>
      b.key === 'cold-pack' ? { key: b.key, params: { minutes: 10, 'every-hours': 3 } } : b,
    );
    const saved = await saveDraft(lee, handout.id, {
      title: 'Your first days',
      note: 'Ice first, then heat.',
      followUpDate: '2026-12-07',
      blocks,
      revision: 1,
    }).expect(200);
    expect(saved.body).toMatchObject({
      title: 'Your first days',
      note: 'Ice first, then heat.',
      followUpDate: '2026-12-07',
      revision: 2,
    });
    const reread = await lee.agent.get(`/api/handouts/${handout.id}`).expect(200);
    expect(
      reread.body.draft.blocks.find((b: { key: string }) => b.key === 'cold-pack').params,
    ).toEqual({ minutes: 10, 'every-hours': 3 });
  });

  it('answers 409 to a save based on a stale revision, keeping the newer draft', async () => {
    const { handout } = await patientWithHandout(lee);
    const base = { title: 'Tab one', blocks: handout.draft.blocks, revision: 1 };
    await saveDraft(lee, handout.id, base).expect(200);
    const stale = await saveDraft(lee, handout.id, { ...base, title: 'Tab two' }).expect(409);
    expect(stale.body.message).toMatch(
      /changed elsewhere \(you edited revision 1; the latest is 2\)/,
    );
    expect((await lee.agent.get(`/api/handouts/${handout.id}`)).body.draft.title).toBe('Tab one');
  });

  it.each([
    [
      { blocks: [{ key: 'cold-pack', params: { minutes: 90 } }] },
      'blocks[0]: Cold packs in the first few days: minutes must be between 5 and 20 minutes',
    ],
    [
      { blocks: [{ key: 'cold-pack', params: { minutes: '15' } }] },
      'blocks[0]: Cold packs in the first few days: minutes must be a number',
    ],
    [
      { blocks: [{ key: 'cold-pack', params: { colour: 'blue' } }] },
      'blocks[0]: Cold packs in the first few days: there is no parameter "colour"',
    ],
    [{ blocks: [{ key: 'no-such-block' }] }, 'blocks[0]: no block with key "no-such-block"'],
    [{ blocks: [{ key: 'heat' }, { key: 'heat' }] }, 'blocks[1]: "heat" is in the handout twice'],
    [{ note: 'x'.repeat(2001) }, 'note: must be shorter than or equal to 2000 characters'],
    [{ title: '' }, 'title: must be longer than or equal to 1 characters'],
    [
      { followUpDate: '2026-13-01' },
      'followUpDate: must be a real date as YYYY-MM-DD, from 1900 to 2999',
    ],
    [{ blocks: [{ key: 'heat', params: 'hot' }] }, 'blocks.0.params: must be an object'],
    [{ revision: 'one' }, 'revision: must be an integer number'],
  ])('refuses %j naming the field, saving nothing', async (change, message) => {
    const { handout } = await patientWithHandout(lee);
    const res = await saveDraft(lee, handout.id, {
      title: 'T',
      blocks: [{ key: 'emergency-signs' }],
      revision: 1,
      ...(change as object),
    }).expect(400);
    expect([res.body.message].flat().join(' | ')).toContain(message);
    const after = await lee.agent.get(`/api/handouts/${handout.id}`).expect(200);
    expect(after.body.draft.revision).toBe(1);
    expect(after.body.draft.title).toBe('First 72 hours after a back spasm');
  });

  it('publishes immutable versions 1, 2, … with the exact blocks, values and document', async () => {
    const { patient, handout } = await patientWithHandout(lee, 'Priya S.');
    const blocks = handout.draft.blocks.map((b: { key: string }) =>
      b.key === 'cold-pack' ? { key: b.key, params: { minutes: 12 } } : b,
    );
    await saveDraft(lee, handout.id, {
      title: 'For Priya',
      note: 'Call me on Friday.',
      blocks,
      revision: 1,
    }).expect(200);
    const first = await publish(lee, handout.id).expect(201);
    expect(first.body).toEqual({ number: 1, publishedAt: expect.any(String) });

    const v1 = await lee.agent.get(`/api/handouts/${handout.id}/versions/1`).expect(200);
    expect(v1.body).toMatchObject({
      number: 1,
      title: 'For Priya',
      publishedBy: { name: 'Test clinician' },
    });
    const cold = v1.body.blocks.find((b: { key: string }) => b.key === 'cold-pack');
    expect(cold).toMatchObject({
      blockVersion: expect.any(Number),
      params: { minutes: 12, 'every-hours': 2, days: 3 },
    });
    expect(v1.body.html).toContain('Priya S.');
    expect(v1.body.html).toContain('<strong class="value">12</strong>');
    expect(v1.body.html).toContain('Call me on Friday.');

    const again = await publish(lee, handout.id).expect(409);
    expect(again.body.message).toBe(
      'Nothing has changed since version 1; edit the handout before publishing again.',
    );

    await saveDraft(lee, handout.id, {
      title: 'For Priya',
      note: 'Call me on Monday.',
      blocks,
      revision: 2,
    }).expect(200);
    expect((await publish(lee, handout.id).expect(201)).body.number).toBe(2);
    const view = await lee.agent.get(`/api/handouts/${handout.id}`).expect(200);
    expect(view.body.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect((await lee.agent.get(`/api/handouts/${handout.id}/versions/1`)).body.html).toBe(
      v1.body.html,
    );

    await expect(
      db.query(`UPDATE handout_versions SET title = 'changed' WHERE handout_id = $1`, [handout.id]),
    ).rejects.toThrow(/a published version never changes/);
    await expect(
      db.query(`DELETE FROM handout_versions WHERE handout_id = $1`, [handout.id]),
    ).rejects.toThrow(/a published version never changes/);

    const list = await lee.agent.get(`/api/patients/${patient.id}/handouts`).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: handout.id,
        latestVersion: 2,
        lastPublishedAt: expect.any(String),
      }),
    ]);
    const events = await db.query(
      `SELECT action, details FROM audit_events WHERE target_id = $1 ORDER BY id`,
      [handout.id],
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'handout.created',
      'handout.published',
      'handout.published',
    ]);
  });

  it('makes the dated plan the exercise log: only the exercises prescribed, not advice about exercising', async () => {
    const { handout } = await patientWithHandout(lee);
    await saveDraft(lee, handout.id, {
      title: 'Weeks 1 and 2',
      blocks: [
        { key: 'stretch-safely' },
        { key: 'knee-to-chest' },
        { key: 'pelvic-tilt' },
        { key: 'exercise-log', params: { days: 3 } },
        { key: 'emergency-signs' },
      ],
      revision: 1,
    }).expect(200);
    await publish(lee, handout.id).expect(201);
    const [{ document }] = await db.query(
      `SELECT document FROM handout_versions WHERE handout_id = $1 AND number = 1`,
      [handout.id],
    );
    const log = document.blocks
      .flatMap((b: { elements: { partial: string }[] }) => b.elements)
      .find((e: { partial: string }) => e.partial === 'el-exercise-log');
    // The exercises have plan lines: the log points to the day-by-day plan, whose columns are
    // the exercises prescribed (stretching advice has no line in it).
    expect(log).toMatchObject({ inPlan: true });
    expect(document.plan.columns.map((c: { label: string }) => c.label)).toEqual([
      'Knee to chest',
      'Pelvic tilt',
    ]);
  });

  it('refuses to publish an empty handout or one without the warning signs, saying why', async () => {
    const { handout } = await patientWithHandout(lee);
    await saveDraft(lee, handout.id, { title: 'T', blocks: [], revision: 1 }).expect(200);
    const empty = await publish(lee, handout.id).expect(400);
    expect(empty.body.message).toContain('blocks: add at least one block');
    await saveDraft(lee, handout.id, { title: 'T', blocks: [{ key: 'heat' }], revision: 2 }).expect(
      200,
    );
    const unsafe = await publish(lee, handout.id).expect(400);
    expect(unsafe.body.message).toEqual([
      'blocks: a handout for low back spasm must include the "Emergency warning signs" block (emergency-signs) before it can be published',
    ]);
    const preview = await lee.agent.get(`/api/handouts/${handout.id}/preview`).expect(200);
    expect(preview.body.problems).toEqual(unsafe.body.message);
    expect(
      await db.query(`SELECT 1 FROM handout_versions WHERE handout_id = $1`, [handout.id]),
    ).toEqual([]);
  });

  it('gives parallel publishes distinct consecutive numbers or a 409, never a duplicate or a gap', async () => {
    const { handout } = await patientWithHandout(lee);
    const results = await Promise.all(Array.from({ length: 6 }, () => publish(lee, handout.id)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    await saveDraft(lee, handout.id, {
      title: 'Changed',
      blocks: handout.draft.blocks,
      revision: 1,
    }).expect(200);
    const second = await Promise.all(Array.from({ length: 4 }, () => publish(lee, handout.id)));
    expect(second.filter((r) => r.status === 201).map((r) => r.body.number)).toEqual([2]);
    const numbers = await db.query(
      `SELECT number FROM handout_versions WHERE handout_id = $1 ORDER BY number`,
      [handout.id],
    );
    expect(numbers.map((n: { number: number }) => n.number)).toEqual([1, 2]);
  });

  it('lets only one of several parallel saves of the same revision win', async () => {
    const { handout } = await patientWithHandout(lee);
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((t) =>
        saveDraft(lee, handout.id, { title: t, blocks: handout.draft.blocks, revision: 1 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.body.title;
    expect((await lee.agent.get(`/api/handouts/${handout.id}`)).body.draft).toMatchObject({
      title: winner,
      revision: 2,
    });
  });

  it("answers 404 for another clinic's handouts and patients", async () => {
    const { patient, handout } = await patientWithHandout(lee);
    await other.agent.get(`/api/handouts/${handout.id}`).expect(404);
    await saveDraft(other, handout.id, { title: 'x', blocks: [], revision: 1 }).expect(404);
    await publish(other, handout.id).expect(404);
    await other.agent
      .post(`/api/patients/${patient.id}/handouts`)
      .set('X-CSRF-Token', other.csrfToken)
      .send({})
      .expect(404);
  });
});
