import Handlebars from 'handlebars';
import { registerPhraseHelpers } from './phrase-helpers';

describe(registerPhraseHelpers.name, () => {
  const hbs = Handlebars.create();
  registerPhraseHelpers(hbs);
  const render = (source: string, context: object) =>
    hbs.compile(source, { strict: true })(context);

  it('writes a phrase in the language of the root context, with values put in', () => {
    const source =
      '{{t "portal.bar.download"}} · {{#with inner}}{{t "checkIn.today" day=day date=date}}{{/with}}';
    const inner = { day: 3, date: 'Tuesday 3 March' };
    expect(render(source, { lang: 'en', inner })).toBe(
      'Download PDF · Today is day 3 of your plan (Tuesday 3 March)',
    );
    expect(render(source, { lang: 'es', inner: { ...inner, date: 'martes, 3 de marzo' } })).toBe(
      'Descargar PDF · Hoy es el día 3 de su plan (martes, 3 de marzo)',
    );
  });

  it('escapes the phrase and its values, and puts in only the markup of its own helpers', () => {
    const source =
      '{{t "portal.dob.questions" clinic=name phone=(telLink tel phone)}} {{t "document.preparedFor" patient=(strong patient) clinician=name}}';
    expect(
      render(source, {
        lang: 'en',
        name: '<script>x</script> & Co',
        tel: '"><b>',
        phone: '<i>555</i>',
        patient: 'Ana <b>',
      }),
    ).toBe(
      'Questions? Call &lt;script&gt;x&lt;/script&gt; &amp; Co on <a href="tel:&quot;&gt;&lt;b&gt;">&lt;i&gt;555&lt;/i&gt;</a>. ' +
        'For <strong>Ana &lt;b&gt;</strong>, from &lt;script&gt;x&lt;/script&gt; &amp; Co',
    );
  });

  it('refuses a template whose root context has no lang, as strict mode refuses a missing value', () => {
    expect(() => render('{{t "portal.bar.print"}}', {})).toThrow(/no "lang"/);
  });
});
