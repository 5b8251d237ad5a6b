import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { ownBlock } from '../support/blocks';
import { createClinic, signIn, SignedIn, TestClinic, unique } from '../support/factories';
import { patientWithHandout, publish, saveDraft } from '../support/handouts';
import { startTestApp } from '../support/test-app';

/**
 * What the warning blocks tell a patient comes from the clinic's own settings and the handout's
 * one review date; and every approved text carries who reviewed it and when it is due again.
 */
describe('content safety: the clinic’s numbers, one review date, content review', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let clinic: TestClinic;
  let lee: SignedIn;
  let admin: SignedIn;
  let editor: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    clinic = await createClinic(app);
    lee = await signIn(app, clinic.clinician);
    admin = await signIn(app, clinic.admin);
    editor = await signIn(app, clinic.editor);
  });
  afterAll(() => app.close());

  const setClinic = (body: object) =>
    admin.agent.patch('/api/clinic').set('X-CSRF-Token', admin.csrfToken).send(body);

  async function publishedText(draft: (blocks: { key: string }[]) => object) {
    const { handout } = await patientWithHandout(lee);
    await saveDraft(lee, handout.id, {
      title: 'Your first days',
      revision: 1,
      ...draft(handout.draft.blocks),
    } as never).expect(200);
    await publish(lee, handout.id).expect(201);
    const [version] = await db.query(
      `SELECT plain_text, published_at FROM handout_versions WHERE handout_id = $1 AND number = 1`,
      [handout.id],
    );
    return version as { plain_text: string; published_at: Date };
  }

  it('names the clinic’s emergency number, out-of-hours route and weight unit in the handout', async () => {
    const refused = await setClinic({ emergencyNumber: 'call 911!', weightUnit: 'stone' }).expect(
      400,
    );
    expect(refused.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^emergencyNumber: must be a phone number/),
        expect.stringMatching(/^weightUnit: /),
      ]),
    );
    const before = await publishedText((blocks) => ({ blocks }));
    expect(before.plain_text).toContain('Call your local emergency number');

    await setClinic({ emergencyNumber: '999', outOfHours: 'NHS 111', weightUnit: 'lb' }).expect(
      200,
    );
    const after = await publishedText((blocks) => ({
      blocks: [...blocks, { key: 'safe-lifting', params: { 'max-weight': 15 } }],
    }));
    expect(after.plain_text).toMatch(/Call 999 or go to an emergency department now/);
    const [{ html }] = await db.query(
      `SELECT v.html FROM handout_versions v WHERE v.plain_text = $1`,
      [after.plain_text],
    );
    expect(html).toContain('If you have any of them, call 999 or go to an emergency department');
    expect(after.plain_text).toContain('When we are closed, contact NHS 111.');
    expect(after.plain_text).toMatch(/15 lb/);
    // The first handout keeps its exact text.
    expect(before.plain_text).not.toContain('999');
  });

  it('gives every block one review date: the follow-up date, or publishing plus the days set', async () => {
    const inDays = (from: Date, days: number) =>
      new Intl.DateTimeFormat('en-GB', {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(from.getTime() + days * 86_400_000));
    const byDays = await publishedText((blocks) => ({ blocks, reviewAfterDays: 10 }));
    const date = inDays(byDays.published_at, 10);
    expect(byDays.plain_text).toContain(`you are not clearly better by ${date}`);
    expect(byDays.plain_text).not.toContain('your review date');

    const byVisit = await publishedText((blocks) => ({
      blocks,
      followUpDate: '2027-01-12',
      reviewAfterDays: 10,
    }));
    expect(byVisit.plain_text).toContain('you are not clearly better by Tuesday, 12 January 2027');
    // The next visit has one date, the handout's: the "Your next visit" block reads it.
    expect(byVisit.plain_text).toContain('Date: Tuesday, 12 January 2027.');
    expect(byDays.plain_text).not.toMatch(/Date: /);
    expect(byDays.plain_text).toContain('If no date is shown here, call us to book one.');
    // Every mention of a review point reads the same date: no block keeps a number of its own.
    const dates = byVisit.plain_text.match(/better by ([A-Z][a-z]+day, \d+ \w+ \d{4})/g) ?? [];
    expect(dates.length).toBeGreaterThan(0);
    expect(new Set(dates).size).toBe(1);

    const { handout } = await patientWithHandout(lee);
    const bad = await saveDraft(lee, handout.id, {
      title: 'x',
      blocks: [],
      revision: 1,
      reviewAfterDays: 200,
    } as never).expect(400);
    expect(bad.body.message).toEqual([expect.stringMatching(/^reviewAfterDays: /)]);
    const ownDate = await saveDraft(lee, handout.id, {
      title: 'x',
      blocks: [{ key: 'follow-up', params: { date: '2027-01-05' } }],
      revision: 1,
    }).expect(400);
    expect(ownDate.body.message).toEqual([
      'blocks[0]: Your next visit: there is no parameter "date"',
    ]);
  });

  it('records who reviewed each approved text and when it is due again; overdue blocks still publish, with a notice', async () => {
    const [starter] = await db.query(
      `SELECT v.reviewed_by, to_char(v.reviewed_on, 'YYYY-MM-DD') AS reviewed_on, to_char(v.next_review_on, 'YYYY-MM-DD') AS next_review_on
         FROM blocks b JOIN block_versions v ON v.id = b.current_version_id
        WHERE b.key = 'emergency-signs' AND b.owner_clinic_id IS NULL`,
    );
    expect(starter).toEqual({
      reviewed_by: expect.stringMatching(/\S/),
      reviewed_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      next_review_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(Number(starter.next_review_on.slice(0, 4))).toBe(
      Number(starter.reviewed_on.slice(0, 4)) + 2,
    );

    const key = `rolls-${unique()}`;
    await editor.agent
      .post('/api/blocks')
      .set('X-CSRF-Token', editor.csrfToken)
      .send(ownBlock(key))
      .expect(201);
    const approved = await editor.agent
      .post(`/api/blocks/${key}/versions/1/approve`)
      .set('X-CSRF-Token', editor.csrfToken)
      .expect(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(approved.body).toMatchObject({
      reviewedBy: 'Test editor',
      reviewedOn: today,
      nextReviewOn: `${Number(today.slice(0, 4)) + 2}${today.slice(4)}`,
    });

    const { handout } = await patientWithHandout(lee);
    await saveDraft(lee, handout.id, {
      title: 'Rolls',
      blocks: [...handout.draft.blocks, { key }],
      revision: 1,
    }).expect(200);
    const fresh = await lee.agent.get(`/api/handouts/${handout.id}/preview`).expect(200);
    expect(fresh.body.notices).toEqual([]);

    // 25 months on, the block is overdue: the library lists it, the builder says so, and the
    // handout still publishes.
    const clock = app.get(Clock);
    const realNow = clock.now.bind(clock);
    clock.now = () => new Date(realNow().getTime() + 25 * 30.5 * 86_400_000);
    try {
      const list = await editor.agent.get(`/api/blocks?q=${key}`).expect(200);
      expect(list.body.items[0]).toMatchObject({ key, review: 'overdue' });
      const page = await editor.agent.get('/library').expect(200);
      expect(page.text).toMatch(/Due for content review[\s\S]*Shoulder rolls[\s\S]*Overdue since/);
      const later = await lee.agent.get(`/api/handouts/${handout.id}/preview`).expect(200);
      // The starter library was reviewed on one day too: every block is overdue by now.
      expect(later.body.notices).toHaveLength(handout.draft.blocks.length + 1);
      expect(later.body.notices).toContainEqual(
        expect.stringMatching(
          /^"Shoulder rolls" was due for content review on .+ can still be published/,
        ),
      );
      expect(later.body.problems).toEqual([]);
      await publish(lee, handout.id).expect(201);
    } finally {
      clock.now = realNow;
    }
  });
});
