import { parseMarkup } from './block-markup';
import { plainText, renderElements } from './block-render';

describe(parseMarkup.name, () => {
  const context = {
    clinic: { name: 'Riverside', phone: '555 0100' },
    exerciseTitles: ['Bridge'],
    locale: 'en-GB',
  };

  it('parses every construct of the body format', () => {
    const body = [
      'Intro with **bold {{minutes}} minutes** and *care*.',
      '',
      '## Steps',
      '1. One',
      '2. Two',
      '',
      '- a',
      '- b',
      '',
      '> [!WARNING]',
      '> Stop if it hurts.',
      '> - numb',
      '',
      '| Day | Done |',
      '|---|---|',
      '| 1 | yes |',
      '',
      '[[exercise-log]]',
    ].join('\n');
    const { elements, problems } = parseMarkup(body, ['minutes']);
    expect(problems).toEqual([]);
    expect(elements.map((e) => e.kind)).toEqual([
      'paragraph',
      'heading',
      'list',
      'list',
      'callout',
      'table',
      'exercise-log',
    ]);
    expect(elements[0]).toEqual({
      kind: 'paragraph',
      inlines: [
        { text: 'Intro with ' },
        { text: 'bold ', strong: true },
        { text: '', param: 'minutes', strong: true },
        { text: ' minutes', strong: true },
        { text: ' and ' },
        { text: 'care', em: true },
        { text: '.' },
      ],
    });
  });

  it.each([
    ['<script>alert(1)</script>', 'body line 1: HTML is not allowed'],
    ['Click <a href="x">', 'body line 1: HTML is not allowed'],
    ['<img src=x onerror=alert(1)>', 'body line 1: HTML is not allowed'],
    ['See [our site](https://evil.example)', 'body line 1: links are not allowed'],
    ['![logo](http://127.0.0.1:9/x)', 'body line 1: images are not allowed'],
    ['javascript:alert(1)', 'body line 1: script addresses are not allowed'],
    ['Hold for {{seconds}}', 'body line 1: {{seconds}} names no declared parameter'],
    ['{{constructor}}', 'body line 1: {{constructor}} names no declared parameter'],
    ['{{{minutes}}}', 'body line 1: use {{name}} for placeholders'],
    ['# Big title', 'body line 1: use ## or ### for headings'],
    ['> [!DANGER]\n> x', 'body line 1: a callout starts with'],
    ['**not closed', 'body line 1: ** is opened but not closed'],
    ['[[video]]', 'body line 1: unknown element [[video]]'],
    ['| a | b |\n| c | d |', 'a table needs a header row, then a separator row'],
    ['', 'body: must not be empty'],
  ])('refuses %j', (body, message) => {
    expect(parseMarkup(body, ['minutes']).problems.join(' | ')).toContain(message);
  });

  it('renders values in place, formats dates, and drops a line whose value is empty', () => {
    const { elements } = parseMarkup(
      'Hold **{{hold}}** seconds.\n\n- Advice: {{advice}}\n- Call {{clinic.phone}}\n\nNext visit {{date}}.',
      ['hold', 'advice', 'date'],
    );
    const specs = [
      { name: 'hold', type: 'integer' as const, label: 'Hold', min: 1, max: 60 },
      { name: 'advice', type: 'text' as const, label: 'Advice', maxLength: 50 },
      { name: 'date', type: 'date' as const, label: 'Date' },
    ];
    const withAdvice = renderElements(
      elements,
      specs,
      { hold: 30, advice: 'Walk daily', date: '2026-12-07' },
      context,
    );
    expect(plainText('T', withAdvice)).toBe(
      'T.\nHold 30 seconds.\nAdvice: Walk daily.\nCall 555 0100.\nNext visit Monday, 7 December 2026.',
    );
    const without = renderElements(elements, specs, { hold: 30, advice: '' }, context);
    expect(plainText('T', without)).toBe('T.\nHold 30 seconds.\nCall 555 0100.');
    expect(withAdvice[0]).toEqual({
      partial: 'el-paragraph',
      runs: [
        { text: 'Hold ', strong: false, em: false, value: false },
        { text: '30', strong: true, em: false, value: true },
        { text: ' seconds.', strong: false, em: false, value: false },
      ],
    });
  });

  it('drops a heading whose every line was left out, and keeps the others', () => {
    const { elements } = parseMarkup(
      'Intro.\n\n## Your visit\n\n### When\n\nOn {{date}}.\n\n### Bring\n\n- This handout\n\n## Changes\n\nCall {{clinic.phone}}.',
      ['date'],
    );
    const specs = [{ name: 'date', type: 'date' as const, label: 'Date' }];
    const noPhone = { ...context, clinic: { ...context.clinic, phone: '' } };
    expect(plainText('T', renderElements(elements, specs, {}, noPhone))).toBe(
      'T.\nIntro.\nYour visit.\nBring.\nThis handout.',
    );
    const onlyEmpty = parseMarkup('## Changes\n\n### Call\n\nCall {{clinic.phone}}.', []);
    expect(renderElements(onlyEmpty.elements, [], {}, noPhone)).toEqual([]);
  });

  it('draws the exercise log with the handout’s exercises and the chosen number of days', () => {
    const { elements } = parseMarkup('[[exercise-log]]', []);
    expect(renderElements(elements, [], { days: 3 }, context)).toEqual([
      { partial: 'el-exercise-log', days: [1, 2, 3], exercises: ['Bridge'] },
    ]);
  });

  it('never draws more than 28 days, whatever value was stored', () => {
    const { elements } = parseMarkup('[[exercise-log]]', []);
    const [log] = renderElements(elements, [], { days: 1_000_000 }, context) as {
      days: number[];
    }[];
    expect(log.days).toHaveLength(28);
  });
});
