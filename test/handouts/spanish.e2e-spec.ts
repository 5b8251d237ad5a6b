import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { ownBlock } from '../support/blocks';
import { createClinic, randomAddress, signIn, SignedIn, TestClinic } from '../support/factories';
import { publish, saveDraft } from '../support/handouts';
import { binary, pdfInfo, pdfText } from '../support/pdf';
import { startTestApp } from '../support/test-app';

/** A handout in the patient's language: Spanish from the library to the portal and the PDF. */
describe('a handout in Spanish', () => {
  let app: NestExpressApplication;
  let clinic: TestClinic;
  let lee: SignedIn;
  let editor: SignedIn;

  beforeAll(async () => {
    app = await startTestApp();
    clinic = await createClinic(app);
    lee = await signIn(app, clinic.clinician);
    editor = await signIn(app, clinic.editor);
  });
  afterAll(() => app.close());

  const post = (session: SignedIn, path: string, body: object) =>
    session.agent.post(path).set('X-CSRF-Token', session.csrfToken).send(body);

  /** A Spanish-speaking patient (born 1968-03-14) with a handout from the "First 72 hours" template. */
  async function spanishHandout() {
    const patient = await post(lee, '/api/patients', {
      displayName: 'Rosa M.',
      dateOfBirth: '1968-03-14',
      language: 'es',
    }).expect(201);
    const handout = await post(lee, `/api/patients/${patient.body.id}/handouts`, {
      templateKey: 'first-72-hours',
    }).expect(201);
    return { patient: patient.body, handout: handout.body };
  }

  function phone(): TestAgent {
    return request
      .agent(app.getHttpServer())
      .set('X-Forwarded-For', randomAddress()) as unknown as TestAgent;
  }

  it('starts in the patient’s language, with the template’s Spanish title, and publishes in Spanish', async () => {
    const { handout } = await spanishHandout();
    expect(handout.draft).toMatchObject({
      language: 'es',
      title: expect.stringMatching(/72 horas/),
    });
    await publish(lee, handout.id).expect(201);
    const version = await lee.agent.get(`/api/handouts/${handout.id}/versions/1`).expect(200);
    expect(version.body).toMatchObject({ language: 'es', readingGrade: null });
    expect(version.body.readingEase).toBeGreaterThanOrEqual(65);
    expect(version.body.html).toContain('<html lang="es"');
    // The blocks are the Spanish versions, with the clinician's values.
    const cold = version.body.blocks.find((b: { key: string }) => b.key === 'cold-pack');
    expect(cold.title).toMatch(/compresa/i);
    expect(cold.params).toMatchObject({ minutes: 15 });
    expect(version.body.html).toMatch(/Llame al|llame al/);
    expect(version.body.html).not.toContain('Emergency warning signs');
  });

  it('switches language in the draft: the English handout publishes in English, the Spanish one again in Spanish', async () => {
    const { handout } = await spanishHandout();
    const draft = { title: 'Your first days', blocks: handout.draft.blocks, revision: 1 };
    await saveDraft(lee, handout.id, { ...draft, language: 'en' } as never).expect(200);
    await publish(lee, handout.id).expect(201);
    const en = await lee.agent.get(`/api/handouts/${handout.id}/versions/1`).expect(200);
    expect(en.body.language).toBe('en');
    expect(en.body.html).toContain('Emergency warning signs');
    // A draft saved without a language keeps the one it has.
    await saveDraft(lee, handout.id, { ...draft, title: 'Sus primeros días', revision: 2 }).expect(
      200,
    );
    expect((await lee.agent.get(`/api/handouts/${handout.id}`)).body.draft.language).toBe('en');
    await saveDraft(lee, handout.id, { ...draft, language: 'fr', revision: 3 } as never)
      .expect(400)
      .expect((r) => expect(JSON.stringify(r.body)).toMatch(/language: must be one of en, es/));
  });

  it('refuses to publish a Spanish handout with a block that has no Spanish version, naming it', async () => {
    await post(editor, '/api/blocks', ownBlock('shoulder-rolls-es-test')).expect(201);
    await post(editor, '/api/blocks/shoulder-rolls-es-test/versions/1/approve', {}).expect(200);
    const { handout } = await spanishHandout();
    const blocks = [...handout.draft.blocks, { key: 'shoulder-rolls-es-test', params: {} }];
    // The draft saves (the builder shows the block in English, with a notice) …
    await saveDraft(lee, handout.id, { title: handout.draft.title, blocks, revision: 1 }).expect(
      200,
    );
    const preview = await lee.agent.get(`/api/handouts/${handout.id}/preview`).expect(200);
    expect(preview.body.problems.join(' ')).toMatch(
      /no approved Spanish version yet: "Shoulder rolls"/,
    );
    // … but it is never published as a mix of languages.
    const refused = await publish(lee, handout.id).expect(400);
    expect(JSON.stringify(refused.body)).toMatch(
      /language: this block has no approved Spanish version yet: \\"Shoulder rolls\\"/,
    );
    expect((await lee.agent.get(`/api/handouts/${handout.id}`)).body.versions).toEqual([]);

    // Once the clinic approves a Spanish version, it publishes.
    const translation = {
      key: 'shoulder-rolls-es-test',
      language: 'es',
      title: 'Girar los hombros',
      summary: 'Afloje la parte alta de la espalda.',
      sources: [{ title: 'Low back pain and sciatica in over 16s', publisher: 'NICE', year: 2016 }],
      body: 'Siéntese derecho. Gire los hombros hacia atrás, despacio.\n\n1. Tome aire.\n2. Gire **{{repetitions}} veces**.',
    };
    // A translation that drops the clinician's value is refused, naming it.
    await editor.agent
      .put('/api/blocks/shoulder-rolls-es-test/draft')
      .set('X-CSRF-Token', editor.csrfToken)
      .send({ ...translation, body: 'Siéntese derecho. Gire los hombros.' })
      .expect(400)
      .expect((r) =>
        expect(JSON.stringify(r.body)).toMatch(
          /the English version uses \{\{repetitions\}\}; the Spanish version must too/,
        ),
      );
    const draft = await editor.agent
      .put('/api/blocks/shoulder-rolls-es-test/draft')
      .set('X-CSRF-Token', editor.csrfToken)
      .send(translation)
      .expect(200);
    expect(draft.body).toMatchObject({ language: 'es', status: 'draft', number: 2 });
    await post(editor, '/api/blocks/shoulder-rolls-es-test/versions/2/approve', {
      translationChecked: true,
    }).expect(200);
    const block = await lee.agent.get('/api/blocks/shoulder-rolls-es-test').expect(200);
    // The English version stays the block's current one; the Spanish one is its own.
    expect(block.body.current).toMatchObject({ language: 'en', number: 1 });
    expect(block.body.translations[0].current).toMatchObject({
      language: 'es',
      number: 2,
      translationCheckedBy: 'Test editor',
    });
    await publish(lee, handout.id).expect(201);
    const version = await lee.agent.get(`/api/handouts/${handout.id}/versions/1`).expect(200);
    expect(version.body.html).toContain('Girar los hombros');
  });

  it('speaks Spanish to the patient: the date-of-birth form and its error, the page and its bar, the PDF, a revoked link', async () => {
    const { handout } = await spanishHandout();
    await publish(lee, handout.id).expect(201);
    const link = await post(lee, `/api/handouts/${handout.id}/links`, {
      requireDateOfBirth: true,
    }).expect(201);
    const browser = phone();
    await browser.get(new URL(link.body.url).pathname).expect(303);
    const form = await browser.get(`/p/s/${link.body.id}`).expect(200);
    expect(form.text).toMatch(/<html lang="es"/);
    expect(form.text).toContain('Confirme su fecha de nacimiento');
    expect(form.text).toContain('Ver mi hoja');
    const wrong = await browser
      .post(`/p/s/${link.body.id}/dob`)
      .type('form')
      .send({ dateOfBirth: '1970-01-01' })
      .expect(401);
    expect(wrong.text).toContain('No pudimos abrir la hoja con estos datos');
    expect(wrong.text).not.toContain('Rosa');
    await browser
      .post(`/p/s/${link.body.id}/dob`)
      .type('form')
      .send({ dateOfBirth: '1968-03-14' })
      .expect(303);
    const page = await browser.get(`/p/s/${link.body.id}`).expect(200);
    expect(page.text).toMatch(/<html lang="es"/);
    for (const words of ['Descargar PDF', 'Imprimir', 'Letra más grande', 'Llamar a la clínica'])
      expect(page.text).toContain(words);
    // Today's plan and the check-in form, in Spanish, with today's date written the Spanish way.
    expect(page.text).toMatch(/Hoy es el día 1 de su plan \([a-záéíóú]+, \d{1,2} de [a-z]+\)/);
    expect(page.text).toContain('Enviar mi registro');
    expect(page.text).not.toMatch(/Download PDF|Larger text|Today is day/);

    const pdf = await browser
      .get(`/p/s/${link.body.id}/pdf`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const text = pdfText(pdf.body as Buffer);
    expect(text).toMatch(/Página 1 de \d+/);
    expect(text).toMatch(/Versión 1/);
    expect(text).toContain('Señales de emergencia');
    expect(text).toContain('Su plan día por día');
    expect(text).not.toMatch(/Page 1 of|Emergency warning signs/);

    await lee.agent
      .delete(`/api/links/${link.body.id}`)
      .set('X-CSRF-Token', lee.csrfToken)
      .expect(204);
    const revoked = await browser.get(`/p/s/${link.body.id}`).expect(410);
    expect(revoked.text).toMatch(/<html lang="es"/);
    expect(revoked.text).toContain('Su clínica desactivó este enlace');
  });

  it('prints bilingual on request: each block in Spanish then in English, each warning box whole', async () => {
    const { handout } = await spanishHandout();
    await publish(lee, handout.id).expect(201);
    const get = (query: string) =>
      lee.agent
        .get(`/api/handouts/${handout.id}/versions/1/pdf${query}`)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
    const single = await get('');
    const both = await get('?bilingual=true');
    expect(both.headers.etag).not.toBe(single.headers.etag);
    expect(both.headers['content-disposition']).toMatch(/-v1-es-en\.pdf/);
    const text = pdfText(both.body as Buffer);
    expect(text).toContain('Señales de emergencia');
    expect(text).toContain('Emergency warning signs');
    expect(text).toMatch(/IN ENGLISH/i);
    // Each language's emergency box is on one page: its first and last sign side by side.
    const pages = Number(pdfInfo(both.body as Buffer).Pages);
    const pageTexts = Array.from({ length: pages }, (_, i) =>
      pdfText(both.body as Buffer, i + 1).replace(/\s+/g, ' '),
    );
    const whole = (first: RegExp, last: RegExp) =>
      pageTexts.some((t) => first.test(t) && last.test(t));
    expect(whole(/numbness or tingling in both legs/, /sudden severe pain in your belly/)).toBe(
      true,
    );
    expect(whole(/hormigueo en las dos piernas/, /dolor en el pecho/)).toBe(true);
    // An English handout has no second language: the option changes nothing in it.
    await saveDraft(lee, handout.id, {
      title: 'Your first days',
      blocks: handout.draft.blocks,
      language: 'en',
      revision: 1,
    } as never).expect(200);
    await publish(lee, handout.id).expect(201);
    const english = await lee.agent
      .get(`/api/handouts/${handout.id}/versions/2/pdf?bilingual=true`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(pdfText(english.body as Buffer)).not.toMatch(/Señales|IN ENGLISH/i);
  });
});
