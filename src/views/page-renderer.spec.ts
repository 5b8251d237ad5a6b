import type { CsrfTokens } from '../auth/csrf';
import { PageRenderer } from './page-renderer.service';

describe(PageRenderer.name, () => {
  const pages = new PageRenderer({} as CsrfTokens);
  pages.onModuleInit();
  const clinic = { name: 'Riverside', phone: '555 0100', tel: '5550100' };

  it("draws a portal page in its handout's language, from <html lang> to the contact line", () => {
    const html = pages.renderPortal('portal/dob', 'Confirme su fecha de nacimiento', {
      lang: 'es',
      clinic,
      linkId: 'abc',
      error: '',
      value: '',
      tries: 5,
    });
    expect(html).toMatch(/^<!doctype html>\s*<html lang="es">/);
    expect(html).toContain('<title>Confirme su fecha de nacimiento</title>');
    expect(html).toContain('<h1>Su hoja de indicaciones de Riverside</h1>');
    expect(html).toContain('<label for="dateOfBirth">Fecha de nacimiento</label>');
    expect(html).toContain('Después de 5 intentos incorrectos');
    expect(html).toContain(
      '¿Tiene preguntas? Llame a Riverside al <a href="tel:5550100">555 0100</a>.',
    );
  });

  it('draws the emergency advice and the way to a new link in Spanish', () => {
    const html = pages.renderPortal('portal/error', 'No enviado', {
      lang: 'es',
      heading: 'Su registro no se envió',
      message: 'Abra su hoja otra vez.',
      clinic,
      emergency: { number: '911' },
    });
    expect(html).toContain('Llame al 911 ahora, o vaya a una sala de emergencias.');
    expect(html).toContain('<a class="portal-emergency-call" href="tel:911">Llamar al 911</a>');
    expect(html).toContain(
      'Llame a Riverside al <a href="tel:5550100">555 0100</a> para pedir un enlace nuevo.',
    );
  });

  it('answers in English when nothing says which language the patient reads', () => {
    const html = pages.renderPortal('portal/error', 'Link not found', {
      heading: 'This link does not work',
      message: 'It may be mistyped, or it may have ended.',
      clinic: null,
    });
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('Please contact your clinic for a new link.');
  });
});
