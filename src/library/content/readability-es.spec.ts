import { infleszBand, spanishReadability, spanishSyllables } from './readability-es';

describe('Spanish readability', () => {
  // Divisions as the Real Academia's dictionary gives them.
  it.each([
    ['dolor', 2], // do-lor
    ['espalda', 3], // es-pal-da
    ['músculo', 3], // mús-cu-lo
    ['espasmo', 3], // es-pas-mo
    ['hielo', 2], // hie-lo (diphthong)
    ['caliente', 3], // ca-lien-te
    ['día', 2], // dí-a (hiatus: accented í)
    ['días', 2],
    ['poeta', 3], // po-e-ta (strong + strong)
    ['leer', 2], // le-er
    ['ahora', 3], // a-ho-ra
    ['que', 1], // silent u
    ['quince', 2],
    ['guerra', 2],
    ['pingüino', 3], // pin-güi-no: ü sounded
    ['ciudad', 2], // ciu-dad (two weak vowels: one syllable)
    ['buey', 1], // triphthong
    ['hoy', 1],
    ['muy', 1],
    ['y', 1],
    ['ayuda', 3], // a-yu-da
    ['rodillas', 3],
    ['médico', 3],
    ['emergencia', 4], // e-mer-gen-cia
    ['continúe', 4], // con-ti-nú-e
    ['país', 2],
    ['aire', 2],
    ['caer', 2],
    ['baúl', 2],
    ['5', 2], // cin-co
    ['20', 2], // vein-te
    ['72', 5], // se-ten-ta y dos
  ])('%s has %i syllables', (word, count) => {
    expect(spanishSyllables(word)).toBe(count);
  });

  it('scores plain patient text as fairly easy or easier, and dense text lower', () => {
    const plain = spanishReadability(
      'Camine un poco cada día. Empiece con pocos minutos. Si le duele mucho, pare y descanse. Llame a su clínica si tiene dudas.',
    );
    expect(plain.sentences).toBe(4);
    expect(plain.perspicuity).toBeGreaterThanOrEqual(65);
    const dense = spanishReadability(
      'La administración concomitante de antiinflamatorios no esteroideos y relajantes musculares incrementa considerablemente la probabilidad de acontecimientos adversos gastrointestinales y neurológicos en pacientes de edad avanzada con comorbilidades.',
    );
    expect(dense.perspicuity).toBeLessThan(40);
    expect(dense.band).toBe('very hard');
  });

  it('names the INFLESZ bands', () => {
    expect([30, 45, 60, 70, 85].map(infleszBand)).toEqual([
      'very hard',
      'somewhat hard',
      'normal',
      'fairly easy',
      'very easy',
    ]);
  });

  it('gives nothing for empty text', () => {
    expect(spanishReadability('  ').words).toBe(0);
  });
});
