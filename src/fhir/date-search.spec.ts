import { BadRequestException } from '@nestjs/common';
import { parseDateCondition } from './date-search';

/** The 400's messages, or [] when `run` does not throw. */
function refusal(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { message: string[] }).message;
  }
}

describe('FHIR date search values', () => {
  describe(parseDateCondition.name, () => {
    const span = (value: string) => {
      const { prefix, start, end } = parseDateCondition('date', value);
      return [prefix, start.toISOString(), end.toISOString()];
    };

    it('covers the span its precision names, in UTC without a time', () => {
      expect(span('2024')).toEqual(['eq', '2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
      expect(span('ge2024-02')).toEqual([
        'ge',
        '2024-02-01T00:00:00.000Z',
        '2024-03-01T00:00:00.000Z',
      ]);
      expect(span('lt2024-02-29')).toEqual([
        'lt',
        '2024-02-29T00:00:00.000Z',
        '2024-03-01T00:00:00.000Z',
      ]);
      expect(span('gt2024-05-01T10:00+02:00')).toEqual([
        'gt',
        '2024-05-01T08:00:00.000Z',
        '2024-05-01T08:01:00.000Z',
      ]);
      expect(span('le2024-05-01T10:00:05Z')).toEqual([
        'le',
        '2024-05-01T10:00:05.000Z',
        '2024-05-01T10:00:06.000Z',
      ]);
      expect(span('2024-05-01T10:00:05.25Z')).toEqual([
        'eq',
        '2024-05-01T10:00:05.250Z',
        '2024-05-01T10:00:05.251Z',
      ]);
      expect(span('0050-01-01')[1]).toBe('0050-01-01T00:00:00.000Z');
    });

    it.each([
      ['2023-02-29', 'has no such day'],
      ['2024-05-01T10:00:00', 'needs a time zone'],
      ['2024-05-01T24:00:00Z', 'has a time that does not exist'],
      ['2024-05-01T10:00:00+15:00', 'has a time that does not exist'],
      ['2024-5-1', 'must be a date'],
    ])('refuses %j', (value, message) => {
      expect(refusal(() => parseDateCondition('date', value))[0]).toContain(message);
    });
  });
});
