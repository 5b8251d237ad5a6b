import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { ownBlock } from '../support/blocks';
import { createClinic, PASSWORD, randomAddress, signIn, TestClinic } from '../support/factories';
import { startTestApp } from '../support/test-app';

/**
 * The library pages in more than one language: which blocks lack Spanish, each block's
 * versions by language, and an editor writing, checking and approving a Spanish version.
 */
describe('library pages: languages', () => {
  let app: NestExpressApplication;
  let clinic: TestClinic;
  let editor: TestAgent;

  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const sourceOf = (html: string) =>
    (/<textarea[^>]*name="source"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&#x3D;/g, '=')
      .replace(/&#x60;/g, '`')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');

  beforeAll(async () => {
    app = await startTestApp();
    clinic = await createClinic(app);
    const api = await signIn(app, clinic.editor);
    await api.agent
      .post('/api/blocks')
      .set('X-CSRF-Token', api.csrfToken)
      .send(ownBlock('shoulder-rolls-pages'))
      .expect(201);
    await api.agent
      .post('/api/blocks/shoulder-rolls-pages/versions/1/approve')
      .set('X-CSRF-Token', api.csrfToken)
      .send({})
      .expect(200);
    editor = request.agent(app.getHttpServer()) as unknown as TestAgent;
    const login = await editor.get('/login').expect(200);
    await editor
      .post('/login')
      .set('X-Forwarded-For', randomAddress())
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: clinic.editor.email, password: PASSWORD })
      .expect(303);
  });
  afterAll(() => app.close());

  it('marks what lacks Spanish, and shows a shared block’s Spanish version as not yet checked by a reader', async () => {
    const list = await editor.get('/library?q=shoulder').expect(200);
    expect(list.text).toContain('No Spanish version');
    const shared = await editor.get('/library/cold-pack?language=es').expect(200);
    expect(shared.text).toContain('Reading ease (Szigriszt-Pazos, INFLESZ scale)');
    expect(shared.text).toContain('Not yet checked by a person who reads Spanish');
    expect(shared.text).toMatch(/lang="es"/); // the preview block speaks Spanish
    const missing = await editor.get('/library/shoulder-rolls-pages?language=es').expect(200);
    expect(missing.text).toContain('No Spanish version');
    expect(missing.text).toContain('Write the Spanish version');
  });

  it('lets an editor write a Spanish version from the English text, and approve it as checked', async () => {
    const edit = await editor.get('/library/shoulder-rolls-pages/edit?language=es').expect(200);
    const source = sourceOf(edit.text);
    expect(source).toMatch(/^language: es$/m);
    expect(source).not.toMatch(/^parameters:/m); // shared with the English version
    // A translation that loses the clinician's value is refused, naming it.
    const refused = await editor
      .post('/library/shoulder-rolls-pages/draft')
      .type('form')
      .send({ _csrf: csrfOf(edit.text), source: source.replace(/\{\{repetitions\}\}/g, '5') })
      .expect(400);
    expect(refused.text).toContain('the English version uses {{repetitions}}');
    const spanish = source
      .replace(/^title: .*$/m, 'title: Girar los hombros')
      .replace(/^summary: .*$/m, 'summary: Afloje la parte alta de la espalda.')
      .replace(
        /\n---\n[\s\S]*$/,
        '\n---\nSiéntese derecho. Gire los hombros hacia atrás, despacio.\n\n1. Tome aire.\n2. Gire **{{repetitions}} veces**.\n',
      );
    const saved = await editor
      .post('/library/shoulder-rolls-pages/draft')
      .type('form')
      .send({ _csrf: csrfOf(edit.text), source: spanish })
      .expect(303);
    expect(saved.headers.location).toBe('/library/shoulder-rolls-pages?language=es');
    const page = await editor.get(saved.headers.location).expect(200);
    expect(page.text).toContain('Spanish draft version 2 is waiting for approval');
    expect(page.text).toContain('I read Spanish and checked this translation');
    await editor
      .post('/library/shoulder-rolls-pages/versions/2/approve')
      .type('form')
      .send({ _csrf: csrfOf(page.text), translationChecked: 'yes' })
      .expect(303);
    const approved = await editor.get('/library/shoulder-rolls-pages?language=es').expect(200);
    expect(approved.text).toMatch(/Checked by [^,]+, who reads Spanish/);
    expect(approved.text).toContain('Girar los hombros');
    const list = await editor.get('/library?q=shoulder').expect(200);
    expect(list.text).not.toContain('No Spanish version');
  });
});
