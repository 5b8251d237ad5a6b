import { NestExpressApplication } from '@nestjs/platform-express';
import sharp from 'sharp';
import { FIGURE_SET } from '../../src/figures/figure-set';
import { ownBlock } from '../support/blocks';
import { createClinic, signIn, SignedIn, unique } from '../support/factories';
import { patientWithHandout, publish, saveDraft } from '../support/handouts';
import { startTestApp } from '../support/test-app';

/** Pictures in blocks: the figure set by name, and a clinic's own uploaded pictures. */
describe('figures and pictures in blocks', () => {
  let app: NestExpressApplication;
  let editorA: SignedIn;
  let clinicianA: SignedIn;
  let editorB: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    const [a, b] = [await createClinic(app), await createClinic(app)];
    [editorA, clinicianA, editorB] = await Promise.all([
      signIn(app, a.editor),
      signIn(app, a.clinician),
      signIn(app, b.editor),
    ]);
  });
  afterAll(() => app.close());

  const post = (s: SignedIn, url: string, body?: object) =>
    s.agent.post(url).set('X-CSRF-Token', s.csrfToken).send(body);
  const upload = async (s: SignedIn, name: string, altText: string) =>
    s.agent
      .post('/api/images')
      .set('X-CSRF-Token', s.csrfToken)
      .field('name', name)
      .field('altText', altText)
      .attach(
        'image',
        await sharp({
          create: { width: 60, height: 40, channels: 3, background: '#2a6' },
        })
          .png()
          .toBuffer(),
        'photo.png',
      );

  it('saves a block that places a figure of the set, and draws it with its text alternative', async () => {
    const key = `tilt-${unique()}`;
    const body =
      'Lie on your back.\n\n[[figure:pelvic-tilt]]\n\n1. Tilt **{{repetitions}} times**.';
    await post(editorA, '/api/blocks', ownBlock(key, { body })).expect(201);
    const preview = await post(editorA, '/api/blocks/preview', {
      source: `---\nkey: ${key}\ncategory: exercise\nconditions: [low-back-spasm]\ntitle: Tilt\nsummary: s\nsources: [{title: t, publisher: p, year: 2020}]\n---\n${body.replace('{{repetitions}}', '5')}`,
    }).expect(200);
    expect(preview.body.problems).toEqual([]);
    const alt = FIGURE_SET.find((f) => f.name === 'pelvic-tilt')!.alt;
    expect(preview.body.html).toContain(`role="img" aria-label="${alt}"`);
    expect(preview.body.html).toContain('<figcaption>Press the small of your back flat');
  });

  it('refuses an unknown figure at save time, naming its line', async () => {
    const res = await post(
      editorA,
      '/api/blocks',
      ownBlock(`bad-${unique()}`, { body: 'Text.\n\n[[figure:handstand]]' }),
    ).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/body line 3: unknown figure \\"handstand\\"/);
  });

  it("places the clinic's own picture, frozen into the published handout; other clinics cannot name it", async () => {
    const name = `our-stretch-${unique()}`;
    const body = `Stand by a wall.\n\n[[image:${name}]]\n\n1. Reach up **{{repetitions}} times**.`;
    const key = `wall-${unique()}`;
    const refused = await post(editorA, '/api/blocks', ownBlock(key, { body })).expect(400);
    expect(JSON.stringify(refused.body.message)).toContain(
      `body line 3: this clinic has no picture called \\"${name}\\"`,
    );

    expect(
      (await upload(editorA, name, 'A person standing by a wall, reaching up with both arms.'))
        .status,
    ).toBe(201);
    await post(editorA, '/api/blocks', ownBlock(key, { body })).expect(201);
    await post(editorA, `/api/blocks/${key}/versions/1/approve`).expect(200);
    // Clinic B has no picture by that name: its block is refused.
    await post(editorB, '/api/blocks', ownBlock(`wall-${unique()}`, { body })).expect(400);

    const { handout } = await patientWithHandout(clinicianA, 'Picture Patient');
    await saveDraft(clinicianA, handout.id, {
      title: 'With a photo',
      blocks: [...handout.draft.blocks, { key }],
      revision: 1,
    }).expect(200);
    await publish(clinicianA, handout.id).expect(201);
    const version = await clinicianA.agent.get(`/handouts/${handout.id}/versions/1`).expect(200);
    expect(version.text).toMatch(
      /<img src="data:image\/png;base64,[A-Za-z0-9+/]+(?:=|&#x3D;){0,2}" alt="A person standing by a wall, reaching up with both arms\."/,
    );
  });
});
