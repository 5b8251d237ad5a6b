import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { ownBlock } from '../support/blocks';
import { createClinic, signIn, SignedIn, unique } from '../support/factories';
import { startTestApp } from '../support/test-app';

describe('templates (protocols)', () => {
  let app: NestExpressApplication;
  let editor: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    editor = await signIn(app, (await createClinic(app)).editor);
    other = await signIn(app, (await createClinic(app)).editor);
  });
  afterAll(() => app.close());

  const send = (s: SignedIn, method: 'post' | 'put', url: string, body?: object) =>
    s.agent[method](url).set('X-CSRF-Token', s.csrfToken).send(body);
  const template = (key: string, blocks: object[]) => ({
    key,
    title: 'After a visit',
    condition: 'low-back-spasm',
    blocks,
  });

  it('creates, approves and lists a clinic template; other clinics do not see it', async () => {
    const key = `visit-${unique()}`;
    const body = template(key, [
      { key: 'heat', params: { minutes: 15 } },
      { key: 'emergency-signs' },
    ]);
    await send(editor, 'post', '/api/templates', body).expect(201);
    expect(
      (await editor.agent.get('/api/templates')).body.items.map((t: { key: string }) => t.key),
    ).not.toContain(key);
    await send(editor, 'post', `/api/templates/${key}/versions/1/approve`).expect(200);
    await send(editor, 'post', `/api/templates/${key}/versions/1/approve`).expect(409);
    const mine = (await editor.agent.get('/api/templates')).body.items.find(
      (t: { key: string }) => t.key === key,
    );
    expect(mine.blocks).toEqual([
      { key: 'heat', params: { minutes: 15 } },
      { key: 'emergency-signs', params: {} },
    ]);
    expect(
      (await other.agent.get('/api/templates')).body.items.map((t: { key: string }) => t.key),
    ).not.toContain(key);
    await send(other, 'put', `/api/templates/${key}/draft`, body).expect(404);
    const draft = await send(editor, 'put', `/api/templates/${key}/draft`, {
      ...body,
      title: 'After your visit',
    }).expect(200);
    expect(draft.body).toMatchObject({ number: 2, status: 'draft' });
    await send(editor, 'post', `/api/templates/${key}/retire`).expect(204);
    expect(
      (await editor.agent.get('/api/templates')).body.items.map((t: { key: string }) => t.key),
    ).not.toContain(key);
    // Retired, like a block: no more drafts or approvals, and retiring again is a conflict.
    const edit = await send(editor, 'put', `/api/templates/${key}/draft`, body).expect(409);
    expect(edit.body.message).toBe(`template "${key}" is retired`);
    const approve = await send(editor, 'post', `/api/templates/${key}/versions/2/approve`).expect(
      409,
    );
    expect(approve.body.message).toBe(`template "${key}" is retired`);
    const retire = await send(editor, 'post', `/api/templates/${key}/retire`).expect(409);
    expect(retire.body.message).toBe(`template "${key}" is already retired`);
  });

  it.each(['block', 'template'] as const)(
    'treats a %s like the other kind: every draft save audited, its current version retired with it',
    async (kind) => {
      const key = `same-${kind}-${unique()}`;
      const base = kind === 'block' ? '/api/blocks' : '/api/templates';
      const body = kind === 'block' ? ownBlock(key) : template(key, [{ key: 'emergency-signs' }]);
      await send(editor, 'post', base, body).expect(201);
      await send(editor, 'post', `${base}/${key}/versions/1/approve`).expect(200);
      await send(editor, 'put', `${base}/${key}/draft`, { ...body, title: 'Second' }).expect(200);
      await send(editor, 'put', `${base}/${key}/draft`, { ...body, title: 'Third' }).expect(200);
      const db = app.get(DataSource);
      const table = kind === 'block' ? 'blocks' : 'protocols';
      const [{ id }] = await db.query(`SELECT id FROM ${table} WHERE key = $1`, [key]);
      const actions = async () =>
        (
          await db.query(`SELECT action FROM audit_events WHERE target_id = $1 ORDER BY id`, [id])
        ).map((e: { action: string }) => e.action);
      expect(await actions()).toEqual([
        `${kind}.created`,
        `${kind}.approved`,
        `${kind}.draft_started`,
        `${kind}.draft_saved`,
      ]);
      await send(editor, 'post', `${base}/${key}/retire`).expect(204);
      const versions = kind === 'block' ? 'block_versions' : 'protocol_versions';
      const column = kind === 'block' ? 'block_id' : 'protocol_id';
      const statuses = await db.query(
        `SELECT number, status FROM ${versions} WHERE ${column} = $1 ORDER BY number`,
        [id],
      );
      expect(statuses).toEqual([
        { number: 1, status: 'retired' },
        { number: 2, status: 'draft' },
      ]);
    },
  );

  it('names a key already taken, by the shared templates or by the clinic', async () => {
    const blocks = [{ key: 'heat' }, { key: 'emergency-signs' }];
    const shared = await send(
      editor,
      'post',
      '/api/templates',
      template('first-72-hours', blocks),
    ).expect(409);
    expect(shared.body.message).toBe(
      'key: "first-72-hours" is already used by the shared templates',
    );
    const key = `dup-${unique()}`;
    await send(editor, 'post', '/api/templates', template(key, blocks)).expect(201);
    const again = await send(editor, 'post', '/api/templates', template(key, blocks)).expect(409);
    expect(again.body.message).toBe(`key: a template with key "${key}" already exists`);
  });

  it('refuses unknown blocks and out-of-bounds defaults, naming them', async () => {
    const res = await send(
      editor,
      'post',
      '/api/templates',
      template(`bad-${unique()}`, [
        { key: 'no-such-block' },
        { key: 'cold-pack', params: { minutes: 90 } },
      ]),
    ).expect(400);
    expect(res.body.message).toEqual([
      'blocks[0]: no approved block with key "no-such-block"',
      'blocks[1]: Cold packs in the first few days: minutes must be between 5 and 20 minutes',
    ]);
  });

  it('keeps the shared templates read-only', async () => {
    const res = await send(
      editor,
      'put',
      '/api/templates/first-72-hours/draft',
      template('first-72-hours', [{ key: 'heat' }]),
    ).expect(403);
    expect(res.body.message).toMatch(/read-only/);
  });
});
