import { phrasesFor } from '../i18n/phrases';
import type { DayPlan } from '../rendering/view-model';
import { portalToday, TodayInput } from './portal-today';

const plan: DayPlan = {
  startDate: '2026-03-01',
  endDate: '2026-03-03',
  days: [1, 2, 3].map((day) => ({
    day,
    date: `2026-03-0${day}`,
    items: day === 2 ? [] : [{ key: 'bridge', label: 'Puente', text: 'Puente', kind: 'exercise' }],
  })),
  signs: [],
};

const on = (today: string, language: string, extra: Partial<TodayInput> = {}) =>
  portalToday({
    plan,
    today,
    action: '/p/s/x/check-ins',
    token: 't',
    emergencyNumber: '',
    saved: null,
    phrases: phrasesFor(language),
    ...extra,
  });

describe(portalToday.name, () => {
  it('says which day it is, with the date, in the handout’s language', () => {
    expect(on('2026-03-03', 'en').heading).toBe('Today is day 3 of your plan (Tuesday 3 March)');
    expect(on('2026-03-03', 'es').heading).toBe('Hoy es el día 3 de su plan (martes, 3 de marzo)');
    expect(on('2026-03-02', 'es').message).toBe(
      'Hoy no hay nada planeado. Descanse y muévase como pueda.',
    );
    const saved = { pain: 2, done: [], walkedMinutes: null, emergencySigns: [] };
    expect(on('2026-03-03', 'es', { saved }).saved).toBe(
      'Su registro de hoy está guardado. Puede cambiarlo hasta que termine el día.',
    );
  });

  it('says when the plan starts or ended', () => {
    expect(on('2026-02-27', 'es').heading).toBe('Su plan empieza el domingo, 1 de marzo');
    expect(on('2026-03-09', 'es').heading).toBe('Su plan terminó el martes, 3 de marzo');
    expect(on('2026-03-09', 'en').heading).toBe('Your plan ended on Tuesday 3 March');
  });
});
