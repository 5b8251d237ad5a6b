import { lineDiff } from './line-diff';

describe(lineDiff.name, () => {
  it('marks removed, added and unchanged lines in order', () => {
    expect(lineDiff('one\ntwo\nthree', 'one\n2\nthree\nfour')).toEqual([
      { kind: 'same', text: 'one' },
      { kind: 'removed', text: 'two' },
      { kind: 'added', text: '2' },
      { kind: 'same', text: 'three' },
      { kind: 'added', text: 'four' },
    ]);
  });

  it('keeps empty lines as lines', () => {
    expect(lineDiff('a\n\nb', 'a\n\nb\n\nc').filter((l) => l.kind === 'added')).toEqual([
      { kind: 'added', text: '' },
      { kind: 'added', text: 'c' },
    ]);
  });

  it('answers the worst legal body (20,000 characters, 10,000 lines, all changed) in well under a second', () => {
    const before = Array.from({ length: 10_000 }, (_, i) => String(i % 10)).join('\n');
    const after = Array.from({ length: 10_000 }, (_, i) => String((i + 5) % 7)).join('\n');
    expect(before.length).toBeLessThanOrEqual(20_000);
    const started = process.hrtime.bigint();
    const lines = lineDiff(before, after);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(ms).toBeLessThan(1000);
    // Every line of both texts is there, whether compared or shown whole.
    expect(lines.filter((l) => l.kind !== 'added')).toHaveLength(10_000);
    expect(lines.filter((l) => l.kind !== 'removed')).toHaveLength(10_000);
  });
});
