import { composeLinkEmail, composeLinkText, firstNameOf, LinkMessageInput } from './link-message';

const input = (over: Partial<LinkMessageInput> = {}): LinkMessageInput => ({
  clinic: { name: 'Riverside <Physio> & Co', phone: '+1 555 0100' },
  url: 'https://portal.example/p/abcDEF_123-xyz',
  expiresAt: new Date('2027-03-03T12:00:00Z'),
  timeZone: 'Europe/London',
  language: 'en',
  firstName: null,
  requireDateOfBirth: false,
  ...over,
});

describe(composeLinkEmail.name, () => {
  it('names the clinic, carries the link and says until when it works: no one named', () => {
    const email = composeLinkEmail(input());
    expect(email.subject).toBe('Your handout from Riverside <Physio> & Co');
    expect(email.text).toMatch(/^Hello,\n/);
    expect(email.text).toContain('https://portal.example/p/abcDEF_123-xyz');
    expect(email.text).toContain('The link works until 3 March 2027.');
    expect(email.text).toContain('Call Riverside <Physio> & Co on +1 555 0100');
    expect(email.text).not.toContain('date of birth');
    // The HTML is the same message, every value escaped.
    expect(email.html).toContain('<html lang="en">');
    expect(email.html).toContain('Riverside &lt;Physio&gt; &amp; Co');
    expect(email.html).not.toContain('<Physio>');
    expect(email.html).toContain('href="https://portal.example/p/abcDEF_123-xyz"');
  });

  it('greets by first name only when given one, and says the date of birth will be asked', () => {
    const email = composeLinkEmail(input({ firstName: 'Maria', requireDateOfBirth: true }));
    expect(email.text).toMatch(/^Hello Maria,\n/);
    expect(email.text).toContain('you will be asked for your date of birth');
  });

  it('writes in the handout’s language, with the date on the clinic’s clock', () => {
    const email = composeLinkEmail(
      input({
        language: 'es',
        firstName: 'Rosa',
        timeZone: 'Pacific/Auckland',
        expiresAt: new Date('2027-03-03T23:30:00Z'),
      }),
    );
    expect(email.subject).toBe('Su hoja informativa de Riverside <Physio> & Co');
    expect(email.text).toMatch(/^Hola, Rosa:\n/);
    expect(email.text).toContain('El enlace funciona hasta el 4 de marzo de 2027.');
    expect(email.html).toContain('<html lang="es">');
  });
});

describe(composeLinkText.name, () => {
  it('is one short line with the clinic, the link and its end date', () => {
    expect(composeLinkText(input())).toBe(
      'Riverside <Physio> & Co: your handout is ready. Open it here: https://portal.example/p/abcDEF_123-xyz (works until 3 March 2027)',
    );
    expect(composeLinkText(input({ language: 'es', firstName: 'Rosa' }))).toMatch(
      /^Hola, Rosa: Riverside <Physio> & Co compartió con usted su hoja informativa\. Ábrala aquí: https:\/\/portal\.example\/p\/abcDEF_123-xyz \(funciona hasta el 3 de marzo de 2027\)$/,
    );
  });
});

describe(firstNameOf.name, () => {
  it.each([
    ['Maria L.', 'Maria'],
    ['José Luis P.', 'José'],
    ["O'Brien", "O'Brien"],
    ['M. Lopez', null],
    ['Dr Lee', null],
    ['  ', null],
    ['R2D2', null],
  ])('%j → %j', (name, first) => {
    expect(firstNameOf(name)).toBe(first);
  });
});
