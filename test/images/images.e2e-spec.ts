import { NestExpressApplication } from '@nestjs/platform-express';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { ClinicImagesService } from '../../src/images/clinic-images.service';
import { ownBlock } from '../support/blocks';
import { createClinic, signIn, SignedIn, TestClinic, unique } from '../support/factories';
import { startTestApp } from '../support/test-app';

describe('clinic pictures', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let a: TestClinic;
  let b: TestClinic;
  let editorA: SignedIn;
  let adminA: SignedIn;
  let editorB: SignedIn;
  let png: Buffer;
  let jpeg: Buffer;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    [a, b] = [await createClinic(app), await createClinic(app)];
    [editorA, adminA, editorB] = [
      await signIn(app, a.editor),
      await signIn(app, a.admin),
      await signIn(app, b.editor),
    ];
    const picture = sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } });
    png = await picture.clone().png().toBuffer();
    jpeg = await picture.clone().jpeg().toBuffer();
  });
  afterAll(() => app.close());

  const upload = (
    session: SignedIn,
    bytes: Buffer | null,
    fields: { name?: string; altText?: string } = {},
    filename = 'picture.png',
  ) => {
    const call = session.agent.post('/api/images').set('X-CSRF-Token', session.csrfToken);
    for (const [key, value] of Object.entries(fields)) call.field(key, value);
    return bytes ? call.attach('image', bytes, filename) : call;
  };
  const named = () => ({
    name: `pic-${unique()}`,
    altText: 'A red square on a white page',
  });
  const imageCount = async () =>
    Number(
      (await db.query(`SELECT count(*) FROM clinic_images WHERE clinic_id = $1`, [a.clinic.id]))[0]
        .count,
    );

  it('takes a PNG and gives it back as a PNG, with its size and text alternative', async () => {
    const fields = named();
    const res = await upload(editorA, png, fields).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: fields.name,
      altText: fields.altText,
      contentType: 'image/png',
      width: 40,
      height: 30,
      byteSize: expect.any(Number),
      createdAt: expect.any(String),
    });
    const served = await editorA.agent.get(`/api/images/${res.body.id}`).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('private, max-age=300');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(await sharp(served.body).metadata()).toMatchObject({
      format: 'png',
      width: 40,
      height: 30,
    });
    expect(served.body.length).toBe(res.body.byteSize);

    const list = await adminA.agent.get('/api/images').expect(200);
    expect(list.body.items[0]).toEqual(res.body);
  });

  it('decides the type by content: a JPEG named .png is a JPEG', async () => {
    const res = await upload(editorA, jpeg, named(), 'really.png').expect(201);
    expect(res.body.contentType).toBe('image/jpeg');
    const served = await editorA.agent.get(`/api/images/${res.body.id}`).expect(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(served.body).metadata()).format).toBe('jpeg');
  });

  it('stores a large picture at most 1200 pixels on its long side, without its metadata', async () => {
    const large = await sharp({
      create: { width: 2400, height: 1600, channels: 3, background: '#36c' },
    })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Dr Secret', ImageDescription: 'patient 42' } })
      .toBuffer();
    expect((await sharp(large).metadata()).exif).toBeDefined();
    const res = await upload(editorA, large, named(), 'large.jpg').expect(201);
    expect(res.body).toMatchObject({ width: 1200, height: 800 });
    const served = await editorA.agent.get(`/api/images/${res.body.id}`).expect(200);
    const metadata = await sharp(served.body).metadata();
    expect(metadata).toMatchObject({ width: 1200, height: 800 });
    expect(metadata.exif).toBeUndefined();
    expect(served.body.toString('latin1')).not.toContain('Dr Secret');
  });

  it('refuses a GIF, a text file named .png and a PNG signature with garbage, naming "image"', async () => {
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } })
      .gif()
      .toBuffer();
    const garbage = Buffer.concat([png.subarray(0, 33), Buffer.alloc(64, 7)]);
    const before = await imageCount();
    const refusals = [
      await upload(editorA, gif, named(), 'x.gif').expect(400),
      await upload(editorA, Buffer.from('just some words, not a picture'), named(), 'x.png').expect(
        400,
      ),
      await upload(editorA, garbage, named(), 'x.png').expect(400),
    ];
    expect(refusals[0].body.message).toBe('image: must be a PNG or JPEG image');
    expect(refusals[1].body.message).toBe('image: must be a PNG or JPEG image');
    expect(refusals[2].body.message).toMatch(/^image: /);
    const missing = await upload(editorA, null, named()).expect(400);
    expect(missing.body.message).toBe('image: attach a PNG or JPEG file');
    expect(await imageCount()).toBe(before);
  });

  it('refuses a picture over 2 MB with 413 and the size', async () => {
    const big = Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024 + 10 * 1024, 1)]);
    const res = await upload(editorA, big, named()).expect(413);
    expect(res.body.message).toMatch(/^image: must be at most 2 MB \(got \d+ KB\)$/);
  });

  it('refuses a picture that claims more than 4000 × 4000 pixels, without drawing it', async () => {
    const huge = Buffer.from(png);
    huge.writeUInt32BE(20_000, 16);
    huge.writeUInt32BE(20_000, 20);
    huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
    const res = await upload(editorA, huge, named()).expect(400);
    expect(res.body.message).toBe('image: must be at most 4000 × 4000 pixels (got 20000 × 20000)');
  });

  it.each([
    [{ name: 'ok-name' }, 'altText: must be a string'],
    [{ name: 'ok-name', altText: 'IMG_0042.jpg' }, 'altText: must describe the picture'],
    [{ name: 'ok-name', altText: 'no' }, 'altText: must be longer than or equal to 3'],
    [{ name: 'Not A Slug', altText: 'A red square' }, 'name: must be lower-case letters'],
    [{ name: 'x', altText: 'A red square' }, 'name: must be longer than or equal to 2'],
    [{ altText: 'A red square' }, 'name: must be a string'],
  ])('refuses %j naming the field', async (fields, message) => {
    const before = await imageCount();
    const res = await upload(editorA, png, fields).expect(400);
    expect([res.body.message].flat().join(' | ')).toContain(message);
    expect(await imageCount()).toBe(before);
  });

  it('keeps names unique within a clinic, not across clinics', async () => {
    const fields = named();
    await upload(editorA, png, fields).expect(201);
    const clash = await upload(adminA, jpeg, fields).expect(409);
    expect(clash.body.message).toBe(
      `name: this clinic already has a picture called ${fields.name}`,
    );
    await upload(editorB, png, fields).expect(201);
  });

  it("answers 404 to another clinic's picture and to an unknown id", async () => {
    const mine = await upload(editorA, png, named()).expect(201);
    await editorB.agent.get(`/api/images/${mine.body.id}`).expect(404);
    await editorB.agent
      .delete(`/api/images/${mine.body.id}`)
      .set('X-CSRF-Token', editorB.csrfToken)
      .expect(404);
    await editorA.agent.get('/api/images/6f1c1c1e-0000-4000-8000-000000000000').expect(404);
    await editorA.agent.get('/api/images/not-an-id').expect(404);
    const listB = await editorB.agent.get('/api/images').expect(200);
    expect(JSON.stringify(listB.body)).not.toContain(mine.body.id);
    await editorA.agent.get(`/api/images/${mine.body.id}`).expect(200);
  });

  it('is for editors and admins: a clinician gets 403', async () => {
    const clinician = await signIn(app, a.clinician);
    const before = await imageCount();
    await upload(clinician, png, named()).expect(403);
    await clinician.agent.get('/api/images').expect(403);
    await clinician.agent.get('/library/images').expect(403);
    expect(await imageCount()).toBe(before);
  });

  it('audits uploads and removals, without the bytes', async () => {
    const fields = named();
    const res = await upload(editorA, png, fields).expect(201);
    await editorA.agent
      .delete(`/api/images/${res.body.id}`)
      .set('X-CSRF-Token', editorA.csrfToken)
      .expect(204);
    await editorA.agent.get(`/api/images/${res.body.id}`).expect(404);
    const events = await db.query(
      `SELECT action, clinic_id, actor_id, details FROM audit_events
        WHERE target_type = 'image' AND target_id = $1 ORDER BY at`,
      [res.body.id],
    );
    expect(events).toEqual([
      expect.objectContaining({
        action: 'image.uploaded',
        clinic_id: a.clinic.id,
        actor_id: a.editor.id,
        details: expect.objectContaining({ name: fields.name, byteSize: res.body.byteSize }),
      }),
      expect.objectContaining({ action: 'image.removed', details: { name: fields.name } }),
    ]);
    const text = JSON.stringify(events);
    expect(text).not.toContain(png.toString('base64').slice(0, 40));
    expect(text.length).toBeLessThan(1000);
  });

  it('refuses to remove a picture a block draft or approved version shows, naming the blocks', async () => {
    const picture = (await upload(editorA, png, named()).expect(201)).body;
    const remove = () =>
      editorA.agent.delete(`/api/images/${picture.id}`).set('X-CSRF-Token', editorA.csrfToken);
    const approvedKey = `uses-approved-${unique()}`;
    const draftKey = `uses-draft-${unique()}`;
    for (const key of [approvedKey, draftKey])
      await editorA.agent
        .post('/api/blocks')
        .set('X-CSRF-Token', editorA.csrfToken)
        .send(ownBlock(key))
        .expect(201);
    // The library's own checks are not this test's subject: the bodies are written directly.
    await db.query(
      `UPDATE block_versions SET body = body || $2
        WHERE status = 'draft' AND block_id = (SELECT id FROM blocks WHERE key = $1)`,
      [draftKey, `\n\n[[image:${picture.name}]]`],
    );
    await editorA.agent
      .post(`/api/blocks/${approvedKey}/versions/1/approve`)
      .set('X-CSRF-Token', editorA.csrfToken)
      .expect(200);
    await db.query(
      `WITH v AS (
         SELECT (jsonb_populate_record(NULL::block_versions, to_jsonb(bv)
                   || jsonb_build_object('id', gen_random_uuid(), 'number', bv.number + 1,
                                         'body', bv.body || $2))).*
           FROM block_versions bv JOIN blocks b ON b.current_version_id = bv.id
          WHERE b.key = $1 AND b.owner_clinic_id = $3),
       inserted AS (INSERT INTO block_versions SELECT * FROM v RETURNING id, block_id)
       UPDATE blocks SET current_version_id = inserted.id FROM inserted WHERE blocks.id = inserted.block_id`,
      [approvedKey, `\n\n[[image:${picture.name}]]`, a.clinic.id],
    );

    // Another clinic's block naming a picture of the same name never counts.
    const otherKey = `uses-elsewhere-${unique()}`;
    await editorB.agent
      .post('/api/blocks')
      .set('X-CSRF-Token', editorB.csrfToken)
      .send(ownBlock(otherKey))
      .expect(201);
    await db.query(
      `UPDATE block_versions SET body = body || $2
        WHERE status = 'draft' AND block_id = (SELECT id FROM blocks WHERE key = $1)`,
      [otherKey, `\n\n[[image:${picture.name}]]`],
    );

    const refused = await remove().expect(409);
    expect(refused.body.message).toBe(
      `image: ${picture.name} is used by the blocks ${approvedKey}, ${draftKey}; take it out of those blocks first`,
    );

    // A picture with a longer name that starts the same is another picture.
    const longer = (
      await upload(editorA, png, { ...named(), name: `${picture.name}-wide` }).expect(201)
    ).body;
    await editorA.agent
      .delete(`/api/images/${longer.id}`)
      .set('X-CSRF-Token', editorA.csrfToken)
      .expect(204);

    // Once the draft no longer shows it and the other block is retired, it can go.
    await db.query(
      `UPDATE block_versions SET body = 'Gone.' WHERE status = 'draft' AND block_id = (SELECT id FROM blocks WHERE key = $1)`,
      [draftKey],
    );
    await editorA.agent
      .post(`/api/blocks/${approvedKey}/retire`)
      .set('X-CSRF-Token', editorA.csrfToken)
      .expect(204);
    await remove().expect(204);
  });

  it('gives the renderer data URIs and the library the names it has, within one clinic', async () => {
    const fields = named();
    await upload(editorA, png, fields).expect(201);
    const images = app.get(ClinicImagesService);
    const rendered = await images.forRendering(a.clinic.id, [fields.name, 'no-such-picture']);
    expect([...rendered.keys()]).toEqual([fields.name]);
    const one = rendered.get(fields.name)!;
    expect(one).toMatchObject({ alt: fields.altText, width: 40, height: 30 });
    expect(one.src).toMatch(/^data:image\/png;base64,/);
    const bytes = Buffer.from(one.src.slice('data:image/png;base64,'.length), 'base64');
    expect((await sharp(bytes).metadata()).format).toBe('png');
    expect((await images.forRendering(b.clinic.id, [fields.name])).size).toBe(0);
    expect(await images.existingNames(a.clinic.id, [fields.name, 'no-such-picture'])).toEqual(
      new Set([fields.name]),
    );
    expect(await images.existingNames(b.clinic.id, [fields.name])).toEqual(new Set());
    expect(await images.existingNames(a.clinic.id, [])).toEqual(new Set());
  });

  describe('the Pictures page', () => {
    const tokenOf = (html: string) =>
      (/action="\/library\/images\?_csrf=([^"]+)"/.exec(html)?.[1] ?? '')
        .replace(/&#x3D;/g, '=')
        .replace(/&amp;/g, '&');

    it('is linked from the library for editors, not for clinicians', async () => {
      const library = await editorA.agent.get('/library').expect(200);
      expect(library.text).toContain('href="/library/images"');
      const clinician = await signIn(app, a.clinician);
      const theirs = await clinician.agent.get('/library').expect(200);
      expect(theirs.text).not.toContain('href="/library/images"');
    });

    it('uploads through the form, lists the picture and removes it', async () => {
      const page = await editorA.agent.get('/library/images').expect(200);
      expect(page.text).toContain('Describe the picture for someone who cannot see it');
      const token = tokenOf(page.text);
      expect(token).not.toBe('');
      const fields = named();
      const posted = await editorA.agent
        .post(`/library/images?_csrf=${encodeURIComponent(token)}`)
        .field('name', fields.name)
        .field('altText', fields.altText)
        .attach('image', png, 'from-the-form.png')
        .expect(303);
      expect(posted.headers.location).toBe('/library/images');
      const listed = await editorA.agent.get('/library/images').expect(200);
      expect(listed.text).toContain(`[[image:${fields.name}]]`);
      expect(listed.text).toContain(fields.altText);
      const id = (await db.query(`SELECT id FROM clinic_images WHERE name = $1`, [fields.name]))[0]
        .id as string;
      expect(listed.text).toContain(`src="/api/images/${id}"`);
      expect(listed.text).toContain(`action="/library/images/${id}/remove"`);

      const csrf = /name="_csrf" value="([^"]+)"/.exec(listed.text)![1].replace(/&#x3D;/g, '=');
      await editorA.agent
        .post(`/library/images/${id}/remove`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(303);
      expect(await db.query(`SELECT id FROM clinic_images WHERE id = $1`, [id])).toEqual([]);
    });

    it('shows the form again with labelled messages when something is wrong', async () => {
      const page = await editorA.agent.get('/library/images').expect(200);
      const res = await editorA.agent
        .post(`/library/images?_csrf=${encodeURIComponent(tokenOf(page.text))}`)
        .field('name', 'kept-name')
        .field('altText', 'IMG_0042.jpg')
        .attach('image', png, 'x.png')
        .expect(400);
      expect(res.text).toContain('Text alternative: must describe the picture in plain words');
      expect(res.text).toContain('value="kept-name"');
      const notAPicture = await editorA.agent
        .post(`/library/images?_csrf=${encodeURIComponent(tokenOf(page.text))}`)
        .field('name', `pic-${unique()}`)
        .field('altText', 'A red square')
        .attach('image', Buffer.from('hello'), 'x.png')
        .expect(400);
      expect(notAPicture.text).toContain('Picture: must be a PNG or JPEG image');
    });
  });
});
