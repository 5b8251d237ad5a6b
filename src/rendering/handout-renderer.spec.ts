import { portalToday } from '../check-ins/portal-today';
import { printedPlan } from '../handouts/plan-composer';
import { phrasesFor } from '../i18n/phrases';
import { HandoutRenderer } from './handout-renderer.service';
import { withPageRules } from './page-rules';
import type { DayPlan, HandoutDocument, RenderedBlock } from './view-model';

const plan: DayPlan = {
  startDate: '2026-03-01',
  endDate: '2026-03-04',
  days: [1, 2, 3, 4].map((day) => ({
    day,
    date: `2026-03-0${day}`,
    items: [
      {
        key: 'walk',
        label: 'Caminar',
        text: `3 caminatas de ${5 + day} minutos`,
        kind: 'walk',
        minutes: 5 + day,
      },
      { key: 'bridge', label: 'Puente', text: 'Puente', kind: 'exercise' },
    ],
  })),
  signs: [{ key: 'sign-1', text: 'siente adormecimiento en las dos piernas' }],
};

const walking: RenderedBlock = {
  key: 'walking-plan',
  category: 'activity',
  title: 'Su plan para caminar',
  elements: [
    { partial: 'el-walking-schedule', rows: [{ days: 'Día 1', minutes: 5, walks: 3 }], target: 5 },
    { partial: 'el-exercise-log', days: [1, 2], exercises: ['Puente'] },
  ],
};

function documentIn(lang: 'en' | 'es'): HandoutDocument {
  const phrases = phrasesFor(lang);
  return {
    lang,
    title: lang === 'es' ? 'Espasmo de espalda' : 'Back spasm',
    clinic: {
      name: 'Riverside',
      phone: '555 0100',
      address: '',
      accentColor: '#1f5f8b',
      logo: null,
      emergencyNumber: '911',
    },
    patientName: 'Ana <Díaz>',
    clinicianName: 'Dr Sam Lee',
    dateText: '3 Mar 2026',
    versionLabel: phrases.t('document.version.number', { number: 2 }),
    note: '',
    followUp: null,
    blocks: [
      { key: 'intro', category: 'info', title: 'Intro', elements: [] },
      { key: 'emergency-signs', category: 'warning', title: 'Señales', elements: [] },
      walking,
    ],
    warningBlockKey: 'emergency-signs',
    plan: printedPlan(plan, phrases.locale, phrases),
  };
}

describe(HandoutRenderer.name, () => {
  const renderer = new HandoutRenderer();
  renderer.onModuleInit();
  const bar = {
    pdfHref: '/p/s/x/pdf',
    sizeHref: '/p/s/x?text=large',
    large: false,
    tel: '5550100',
  };

  it('draws a Spanish document in Spanish: its lang, its words, its dates and its printed footer', () => {
    const today = portalToday({
      plan,
      today: '2026-03-03',
      action: '/p/s/x/check-ins',
      token: 't',
      emergencyNumber: '911',
      saved: null,
      phrases: phrasesFor('es'),
    });
    const html = renderer.renderDocument(documentIn('es'), { portalBar: bar, today });
    expect(html).toMatch(/^<!doctype html>\s*<html lang="es"/);
    for (const words of [
      'Para <strong>Ana &lt;Díaz&gt;</strong>, de Dr Sam Lee · Versión 2, 3 Mar 2026',
      'Conozca las señales de alarma. Si tiene alguna, llame al 911',
      'Vea “Señales”',
      '>Descargar PDF</a>',
      '>Imprimir</a>',
      '>Letra más grande</a>',
      '>Llamar a la clínica</a>',
      'Hoy es el día 3 de su plan (martes, 3 de marzo)',
      'Minutos que caminó hoy (el plan: 3 caminatas de 8 minutos)',
      'Enviar mi registro',
      'Su plan día por día',
      'Del domingo, 1 de marzo al miércoles, 4 de marzo. Marque una casilla',
      '3 caminatas de 6 minutos el día 1, un poco más cada día',
      '<span class="plan-day">Día 3</span> <span class="plan-date">mar, 3 mar</span>',
      'Dolor 0‑10',
      'Sus caminatas, día por día',
      '<td>5 minutos</td>',
      'Marque una casilla cada día que haga el ejercicio',
      'aria-label="Día 2, sin marcar"',
    ])
      expect(html).toContain(words);
    expect(html).not.toMatch(/Download PDF|Your day-by-day plan|Today is day|Page /);

    const printed = withPageRules(renderer.renderDocument(documentIn('es')), 'A4', 'Riverside');
    expect(printed).toContain('content: "P\\0000e1 gina " counter(page) " de " counter(pages);');
  });

  it('draws an English document in English', () => {
    const html = renderer.renderDocument(documentIn('en'), {
      portalBar: { ...bar, large: true },
      portalLink: { qrSvg: '<svg></svg>', url: 'https://example.org/p/c/ABC' },
    });
    expect(html).toMatch(/<html lang="en"/);
    for (const words of [
      'For <strong>Ana &lt;Díaz&gt;</strong>, from Dr Sam Lee · Version 2, 3 Mar 2026',
      '>Normal text</a>',
      'Scan for the latest version',
      'Sunday 1 March to Wednesday 4 March. Tick a box',
      '<span class="plan-day">Day 3</span> <span class="plan-date">Tue 3 Mar</span>',
    ])
      expect(html).toContain(words);
    expect(withPageRules(html, 'A4', 'Riverside')).toContain(
      'content: "Page " counter(page) " of " counter(pages);',
    );
  });

  it('draws a block alone in the language asked for, English when none is', () => {
    expect(renderer.renderBlock(walking, 'es')).toContain(
      '<caption>Sus caminatas, día por día</caption>',
    );
    expect(renderer.renderBlock(walking)).toContain('<caption>Your walks, day by day</caption>');
  });

  it("draws a version kept only as HTML with its bar in that HTML's language", () => {
    const stored = renderer.renderDocument(documentIn('es'));
    const html = renderer.renderVersion({ document: null, html: stored }, { portalBar: bar });
    expect(html).toContain('>Descargar PDF</a>');
  });
});
