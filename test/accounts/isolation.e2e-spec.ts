import { NestExpressApplication } from '@nestjs/platform-express';
import sharp from 'sharp';
import { createApiKey, TestApiKey } from '../support/api-keys';
import { ownBlock } from '../support/blocks';
import { createClinic, signIn, SignedIn, TestClinic } from '../support/factories';
import { listRoutes, RouteInfo } from '../support/routes';
import { startTestApp } from '../support/test-app';

/**
 * Two clinics side by side. Every route with an id, taken from the application's own router,
 * is called by clinic B's admin with clinic A's ids: each must answer 404, as for a missing
 * record. A new route is covered as soon as it exists; a new kind of id must be added to
 * `idsOfA` below, or this test fails and says so.
 */
describe('clinic isolation on every route', () => {
  let app: NestExpressApplication;
  let a: TestClinic;
  let b: TestClinic;
  let asB: SignedIn;
  let keyOfB: TestApiKey;
  const idsOfA: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    [a, b] = [await createClinic(app), await createClinic(app)];
    const asA = await signIn(app, a.clinician);
    const patient = await asA.agent
      .post('/api/patients')
      .set('X-CSRF-Token', asA.csrfToken)
      .send({ displayName: 'Only A', dateOfBirth: '1975-05-05', mrn: 'ISO-1' })
      .expect(201);
    idsOfA.patients = patient.body.id;
    idsOfA.users = a.clinician.id;
    const editor = await signIn(app, a.editor);
    idsOfA.blocks = `only-a-${Date.now()}`;
    await editor.agent
      .post('/api/blocks')
      .set('X-CSRF-Token', editor.csrfToken)
      .send(ownBlock(idsOfA.blocks, { title: 'Only A' }))
      .expect(201);
    idsOfA.library = idsOfA.blocks; // the library pages
    const handout = await asA.agent
      .post(`/api/patients/${idsOfA.patients}/handouts`)
      .set('X-CSRF-Token', asA.csrfToken)
      .send({ templateKey: 'first-72-hours', title: 'Only A' })
      .expect(201);
    idsOfA.handouts = handout.body.id;
    await asA.agent
      .post(`/api/handouts/${idsOfA.handouts}/publish`)
      .set('X-CSRF-Token', asA.csrfToken)
      .expect(201);
    const link = await asA.agent
      .post(`/api/handouts/${idsOfA.handouts}/links`)
      .set('X-CSRF-Token', asA.csrfToken)
      .send({})
      .expect(201);
    idsOfA.links = link.body.id;
    idsOfA.Patient = idsOfA.patients; // FHIR
    idsOfA.DocumentReference = `${idsOfA.handouts}-1`;
    idsOfA.templates = `only-a-${Date.now()}`;
    await editor.agent
      .post('/api/templates')
      .set('X-CSRF-Token', editor.csrfToken)
      .send({
        key: idsOfA.templates,
        title: 'Only A',
        condition: 'low-back-spasm',
        blocks: [{ key: 'heat' }],
      })
      .expect(201);
    const picture = await editor.agent
      .post('/api/images')
      .set('X-CSRF-Token', editor.csrfToken)
      .field('name', 'only-a')
      .field('altText', 'Only A: a small green square')
      .attach(
        'image',
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } })
          .png()
          .toBuffer(),
        'only-a.png',
      )
      .expect(201);
    idsOfA.images = picture.body.id;
    idsOfA['api-keys'] = (await createApiKey(app, await signIn(app, a.admin))).id;
    asB = await signIn(app, b.admin);
    keyOfB = await createApiKey(app, asB);
  });
  afterAll(() => app.close());

  /** A body that passes validation, so each route reaches its access check. */
  const validBodyFor = (path: string): object =>
    path.startsWith('/api/links/') && path.endsWith('/pdf')
      ? { token: 'A'.repeat(43) }
      : path.endsWith('/draft') && path.startsWith('/api/handouts/')
        ? { title: 'T', blocks: [], revision: 1 }
        : path.endsWith('/save-as-template')
          ? { title: 'T' }
          : path.endsWith('/approve')
            ? {}
            : path.startsWith('/api/blocks/')
              ? ownBlock(idsOfA.blocks)
              : path.startsWith('/api/templates/')
                ? {
                    key: idsOfA.templates,
                    title: 'T',
                    condition: 'low-back-spasm',
                    blocks: [{ key: 'heat' }],
                  }
                : {};
  // The patient portal and password-reset links are public and keyed by secret tokens, not
  // by clinic: they have tests of their own.
  const withParams = (routes: RouteInfo[]) =>
    routes.filter(
      (r) => r.path.includes(':') && !r.path.startsWith('/p/') && !r.path.includes(':token'),
    );

  it('finds the routes to check in the router', () => {
    const routes = withParams(listRoutes(app));
    expect(routes.length).toBeGreaterThanOrEqual(7);
    expect(routes).toEqual(expect.arrayContaining([{ method: 'GET', path: '/api/patients/:id' }]));
  });

  /** The route's path with clinic A's ids in it. */
  const withIdsOfA = (route: RouteInfo): string =>
    route.path.replace(/\/([\w-]+)\/:(\w+)/g, (_m, resource: string, param: string) => {
      const id =
        param === 'number' ? '1' : param === 'id' || param === 'key' ? idsOfA[resource] : undefined;
      if (!id)
        throw new Error(
          `No clinic A id for ":${param}" after "/${resource}" in ${route.path}: add one to idsOfA`,
        );
      return `/${resource}/${id}`;
    });
  const method = (route: RouteInfo) =>
    route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const leaked = (res: { body?: unknown; text?: string }) =>
    JSON.stringify(res.body ?? '').includes('Only A') || (res.text ?? '').includes('Only A');

  it("answers 404 to clinic A's ids on every route with an id", async () => {
    const failures: string[] = [];
    for (const route of withParams(listRoutes(app))) {
      const res = await asB.agent[method(route)](withIdsOfA(route))
        .set('X-CSRF-Token', asB.csrfToken)
        .send(validBodyFor(route.path));
      if (res.status !== 404)
        failures.push(
          `${route.method} ${route.path} → ${res.status} ${JSON.stringify(res.body?.message ?? '')}`,
        );
      if (leaked(res)) failures.push(`${route.method} ${route.path} leaked clinic A's data`);
    }
    expect(failures).toEqual([]);
  });

  it("never lists clinic A's records on clinic B's list routes", async () => {
    const lists = listRoutes(app).filter(
      (r) => r.method === 'GET' && r.path.startsWith('/api/') && !r.path.includes(':'),
    );
    expect(lists.length).toBeGreaterThanOrEqual(4);
    for (const route of lists) {
      const res = await asB.agent.get(route.path);
      if (route.path === '/api/blocks') expect(res.text).not.toContain('Only A');
      const text = res.text ?? '';
      for (const id of Object.values(idsOfA))
        expect({ route: route.path, leaked: text.includes(id) }).toEqual({
          route: route.path,
          leaked: false,
        });
    }
  });

  // Last: clinic B's own trail then records the ids its key tried, which the list check above
  // would take for a leak.
  it("answers clinic B's API key with 404 for clinic A's ids, or refuses the route to keys", async () => {
    const failures: string[] = [];
    let notFound = 0;
    for (const route of withParams(listRoutes(app))) {
      if (!route.path.startsWith('/api/') && !route.path.startsWith('/fhir/')) continue;
      const res = await keyOfB
        .call(method(route), withIdsOfA(route))
        .send(validBodyFor(route.path));
      const closedToKeys =
        res.status === 403 &&
        res.body?.message === 'API keys cannot use this route: sign in instead.';
      if (res.status === 404) notFound++;
      else if (!closedToKeys)
        failures.push(
          `${route.method} ${route.path} → ${res.status} ${JSON.stringify(res.body?.message ?? '')}`,
        );
      if (leaked(res)) failures.push(`${route.method} ${route.path} leaked clinic A's data`);
    }
    expect(failures).toEqual([]);
    // The routes open to keys (patients, handouts, links, the library) were really reached.
    expect(notFound).toBeGreaterThanOrEqual(10);
  });
});
