import { walkMinutesOn } from '../library/content/block-render';
import {
  addDays,
  buildDayPlan,
  dayOfPlan,
  daysBetween,
  MAX_PLAN_DAYS,
  planLength,
  PlanSource,
  todayIn,
} from './day-plan';

const walking = { 'walk-minutes': 5, 'add-minutes-per-day': 2, 'target-minutes': 12 };

function source(over: Partial<PlanSource> = {}): PlanSource {
  return {
    key: 'walking-plan',
    label: 'Walk',
    kind: 'walk',
    textFor: (d) => ({
      text: `Walk ${walkMinutesOn(walking, d)} minutes`,
      minutes: walkMinutesOn(walking, d),
    }),
    ...over,
  };
}

describe('the day-by-day plan', () => {
  it('ramps the walk by the day and holds it at the target', () => {
    const plan = buildDayPlan('2026-12-01', 7, [source()], []);
    expect(plan.days.map((d) => d.items[0].minutes)).toEqual([5, 7, 9, 11, 12, 12, 12]);
    expect(plan.days[2].items[0].text).toBe('Walk 9 minutes');
    expect(plan.endDate).toBe('2026-12-07');
  });

  it('starts a block on its own day 1 when the clinician sets days for it', () => {
    const plan = buildDayPlan('2026-12-01', 10, [source({ fromDay: 4, toDay: 8 })], []);
    const minutes = plan.days.map((d) => d.items[0]?.minutes ?? null);
    expect(minutes).toEqual([null, null, null, 5, 7, 9, 11, 12, null, null]);
  });

  it('limits a block to its first N days, inside the clinician’s range', () => {
    const cold: PlanSource = {
      key: 'cold-pack',
      label: 'Cold pack',
      kind: 'other',
      limitDays: 3,
      fromDay: 2,
      textFor: () => ({ text: 'Cold pack, 15 minutes' }),
    };
    const plan = buildDayPlan('2026-12-01', 10, [cold], []);
    expect(plan.days.filter((d) => d.items.length).map((d) => d.day)).toEqual([2, 3, 4]);
  });

  it('clamps a range beyond the plan’s end and keeps blocks in handout order', () => {
    const exercise: PlanSource = {
      key: 'knee-to-chest',
      label: 'Knee to chest',
      kind: 'exercise',
      toDay: 40,
      textFor: () => ({ text: 'Knee to chest' }),
    };
    const plan = buildDayPlan('2026-12-01', 5, [source(), exercise], []);
    expect(plan.days).toHaveLength(5);
    expect(plan.days[4].items.map((i) => i.key)).toEqual(['walking-plan', 'knee-to-chest']);
  });

  it('crosses a month and a year end by the calendar', () => {
    expect(addDays('2027-01-31', 1)).toBe('2027-02-01');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    const plan = buildDayPlan('2027-01-30', 4, [source()], []);
    expect(plan.days.map((d) => d.date)).toEqual([
      '2027-01-30',
      '2027-01-31',
      '2027-02-01',
      '2027-02-02',
    ]);
    expect(daysBetween('2027-01-30', '2027-03-01')).toBe(30);
  });

  it('counts days on the clinic’s clock across a daylight-saving change', () => {
    // New York moves its clocks forward at 02:00 on 14 March 2027: that day has 23 hours.
    const zone = 'America/New_York';
    const start = '2027-03-13';
    // 23:30 local on the 14th is 03:30 UTC on the 15th; the patient's day is still the 14th.
    expect(todayIn(zone, new Date('2027-03-15T03:30:00Z'))).toBe('2027-03-14');
    expect(dayOfPlan(start, todayIn(zone, new Date('2027-03-15T03:30:00Z')))).toBe(2);
    // 00:30 local on the 15th.
    expect(dayOfPlan(start, todayIn(zone, new Date('2027-03-15T04:30:00Z')))).toBe(3);
    // Clocks go back in London on 31 October 2027 (a 25-hour day).
    expect(todayIn('Europe/London', new Date('2027-10-31T23:30:00Z'))).toBe('2027-10-31');
    expect(
      dayOfPlan('2027-10-30', todayIn('Europe/London', new Date('2027-11-01T00:10:00Z'))),
    ).toBe(3);
    // Counting elapsed hours instead would be wrong on both changes.
    expect(
      Math.floor(
        (Date.parse('2027-03-15T04:30:00Z') - Date.parse('2027-03-13T05:00:00Z')) / 86_400_000,
      ) + 1,
    ).toBe(2);
  });

  it('says a future start is before day 1, and bounds the plan’s length', () => {
    expect(dayOfPlan('2026-12-10', '2026-12-01')).toBe(-8);
    expect(dayOfPlan('2026-12-10', '2026-12-09')).toBe(0);
    expect(dayOfPlan('2026-12-10', '2026-12-10')).toBe(1);
    expect(planLength('2026-12-01', '2026-12-15')).toBe(15);
    expect(planLength('2026-12-01', '2027-12-15')).toBe(MAX_PLAN_DAYS);
    expect(planLength('2026-12-10', '2026-12-01')).toBe(1);
  });
});
