import { NestExpressApplication } from '@nestjs/platform-express';
import { createClinic, signIn, SignedIn } from '../support/factories';
import { patientWithHandout, saveDraft } from '../support/handouts';
import { startTestApp } from '../support/test-app';

/** A clinician keeps a handout's blocks and values as the clinic's own template. */
describe('save a handout as a template', () => {
  let app: NestExpressApplication;
  let lee: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    lee = await signIn(app, (await createClinic(app)).clinician);
    other = await signIn(app, (await createClinic(app)).clinician);
  });
  afterAll(() => app.close());

  const saveAs = (session: SignedIn, id: string, body: object) =>
    session.agent
      .post(`/api/handouts/${id}/save-as-template`)
      .set('X-CSRF-Token', session.csrfToken)
      .send(body);

  it('offers the blocks and values as a template to start the next handout from, in this clinic only', async () => {
    const { handout } = await patientWithHandout(lee);
    const blocks = [
      { key: 'today-first-72-hours' },
      { key: 'cold-pack', params: { minutes: 12 } },
      { key: 'emergency-signs' },
    ];
    await saveDraft(lee, handout.id, { title: 'Mine', blocks, revision: 1 }).expect(200);
    const saved = await saveAs(lee, handout.id, { title: '  Desk workers, first week ' }).expect(
      201,
    );
    expect(saved.body).toEqual({
      key: expect.stringMatching(/^desk-workers-first-week-[0-9a-f]{6}$/),
      title: 'Desk workers, first week',
    });

    const listed = await lee.agent.get('/api/templates').expect(200);
    const mine = listed.body.items.find((t: { key: string }) => t.key === saved.body.key);
    expect(mine).toMatchObject({
      title: 'Desk workers, first week',
      blocks: [
        { key: 'today-first-72-hours', params: {} },
        { key: 'cold-pack', params: { minutes: 12 } },
        { key: 'emergency-signs', params: {} },
      ],
    });
    const { patient } = await patientWithHandout(lee, 'Next P.');
    const next = await lee.agent
      .post(`/api/patients/${patient.id}/handouts`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ templateKey: saved.body.key })
      .expect(201);
    expect(next.body.draft.blocks[1]).toEqual({ key: 'cold-pack', params: { minutes: 12 } });

    const elsewhere = await other.agent.get('/api/templates').expect(200);
    expect(elsewhere.body.items.map((t: { key: string }) => t.key)).not.toContain(saved.body.key);
    await saveAs(other, handout.id, { title: 'Theirs' }).expect(404);
  });

  it('refuses an empty handout or title, saying why', async () => {
    const { handout } = await patientWithHandout(lee);
    await saveDraft(lee, handout.id, { title: 'Empty', blocks: [], revision: 1 }).expect(200);
    const empty = await saveAs(lee, handout.id, { title: 'Nothing' }).expect(400);
    expect(empty.body.message).toEqual(['blocks: add at least one block before saving a template']);
    const untitled = await saveAs(lee, handout.id, { title: '' }).expect(400);
    expect(untitled.body.message).toEqual([expect.stringMatching(/^title: /)]);
  });
});
