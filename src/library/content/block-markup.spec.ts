import fc from 'fast-check';
import { BlockElement, imageNamesIn, Inline, parseMarkup } from './block-markup';
import { plainText, planText, renderElements } from './block-render';

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
    ['Hold for {{seconds}}', 'body line 1: {{seconds}} names no declared parameter'],
    ['{{constructor}}', 'body line 1: {{constructor}} names no declared parameter'],
    ['{{{minutes}}}', 'body line 1: use {{name}} for placeholders'],
    ['# Big title', 'body line 1: use ## or ### for headings'],
    ['> [!DANGER]\n> x', 'body line 1: a callout starts with'],
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

  it('works out each day’s walks up to the target, so the patient does no sums', () => {
    const { elements, problems } = parseMarkup('[[walking-schedule]]', []);
    expect(problems).toEqual([]);
    const values = {
      'walk-minutes': 5,
      'add-minutes-per-day': 2,
      'target-minutes': 12,
      'walks-per-day': 4,
    };
    const [schedule] = renderElements(elements, [], values, context);
    expect(schedule).toEqual({
      partial: 'el-walking-schedule',
      target: 12,
      rows: [
        { days: 'Day 1', minutes: 5, walks: 4 },
        { days: 'Day 2', minutes: 7, walks: 4 },
        { days: 'Day 3', minutes: 9, walks: 4 },
        { days: 'Day 4', minutes: 11, walks: 4 },
        { days: 'From day 5', minutes: 12, walks: 4 },
      ],
    });
    expect(plainText('T', [schedule])).toContain('From day 5: 4 walks of 12 minutes.');
    // Nothing to add: one row. A slow build stops at ten rows, never at a made-up target.
    const flat = renderElements(elements, [], { ...values, 'add-minutes-per-day': 0 }, context);
    expect(flat[0]).toMatchObject({ rows: [{ days: 'From day 1', minutes: 5 }] });
    const slow = renderElements(elements, [], { ...values, 'target-minutes': 60 }, context);
    expect((slow[0] as { rows: unknown[] }).rows).toHaveLength(10);
    expect((slow[0] as { rows: { days: string; minutes: number }[] }).rows[9]).toEqual({
      days: 'Day 10',
      minutes: 23,
      walks: 4,
    });
  });

  it('fills the clinic’s emergency number, out-of-hours route, weight unit and the review date', () => {
    const { elements, problems } = parseMarkup(
      'Call {{clinic.emergencyNumber}}. Closed? {{clinic.outOfHours}}. Up to 5 {{clinic.weightUnit}}. Better by {{handout.reviewDate}}.',
      [],
    );
    expect(problems).toEqual([]);
    const full = {
      ...context,
      clinic: {
        ...context.clinic,
        emergencyNumber: '999',
        outOfHours: 'NHS 111',
        weightUnit: 'lb' as const,
      },
      reviewDate: 'Tuesday, 15 December 2026',
    };
    expect(plainText('T', renderElements(elements, [], {}, full))).toBe(
      'T.\nCall 999. Closed? NHS 111. Up to 5 lb. Better by Tuesday, 15 December 2026.',
    );
    // A clinic that has not set them yet still gets a safe sentence.
    expect(plainText('T', renderElements(elements, [], {}, context))).toBe(
      'T.\nCall your local emergency number. Closed? your local urgent care or out-of-hours service. Up to 5 kg. Better by your review date.',
    );
    expect(parseMarkup('{{clinic.secret}}', []).problems).toEqual([
      'body line 1: {{clinic.secret}} names no declared parameter',
    ]);
  });

  describe('prose', () => {
    /** The words of every paragraph, list item and heading, as plain text. */
    const textOf = (elements: BlockElement[]): string =>
      elements
        .flatMap((e) =>
          'inlines' in e ? [e.inlines] : 'items' in e ? (e.items as Inline[][]) : [],
        )
        .map((runs) => runs.map((r) => r.text).join(''))
        .join('\n');
    const flags = (body: string) => {
      const [first] = parseMarkup(body, []).elements as { inlines: Inline[] }[];
      return first.inlines.map((r) => [r.text, !!r.strong, !!r.em]);
    };

    it.each([
      ['0 * 10 = 0', '0 * 10 = 0'],
      ['2*3 is 6', '2*3 is 6'],
      ['5 * 3 * 2', '5 * 3 * 2'],
      ['Keep data: steps, minutes and pain.', 'Keep data: steps, minutes and pain.'],
      ['Note: javascript: is just a word here', 'Note: javascript: is just a word here'],
      ['**not closed', '**not closed'],
      ['a * b *', 'a * b *'],
    ])('reads %j as written', (body, text) => {
      const parsed = parseMarkup(body, []);
      expect(parsed.problems).toEqual([]);
      expect(textOf(parsed.elements)).toBe(text);
    });

    it('still reads emphasis and strong text', () => {
      expect(flags('Do *this* and **that**, then *both **at** once*.')).toEqual([
        ['Do ', false, false],
        ['this', false, true],
        [' and ', false, false],
        ['that', true, false],
        [', then ', false, false],
        ['both ', false, true],
        ['at', true, true],
        [' once', false, true],
        ['.', false, false],
      ]);
      expect(flags('2 *x* 3')).toEqual([
        ['2 ', false, false],
        ['x', false, true],
        [' 3', false, false],
      ]);
    });

    // Letters, digits, spaces and the punctuation of ordinary sentences, words such as
    // "data:", and asterisks standing alone between spaces: no markup at all.
    const word = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9'’,.;:!?()%/=+-]{0,11}$/),
      fc.constantFrom('data:', 'javascript:', 'vbscript:', 'e.g.', '10%', '3/4', '*', '2*3'),
    );
    // (A line that starts "* ", "- " or "1. " is a list item: that is markup.)
    const sentence = fc
      .array(word, { minLength: 1, maxLength: 20 })
      .map((w) => w.join(' '))
      .filter((text) => !/^([-*]|\d+[.)])\s/.test(text));

    it('any text without markup comes back as the same words (fast-check)', () => {
      fc.assert(
        fc.property(sentence, (text) => {
          const parsed = parseMarkup(text, []);
          expect(parsed.problems).toEqual([]);
          expect(textOf(parsed.elements)).toBe(text);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('pictures', () => {
    it('places a figure of the set on its own line', () => {
      const parsed = parseMarkup('Lie down.\n\n[[figure:pelvic-tilt]]\n\n1. Breathe.', []);
      expect(parsed.problems).toEqual([]);
      expect(parsed.elements[1]).toEqual({ kind: 'figure', name: 'pelvic-tilt' });
    });

    it('refuses an unknown figure with its line and the names that exist', () => {
      const parsed = parseMarkup('Lie down.\n\n[[figure:handstand]]', []);
      expect(parsed.problems).toHaveLength(1);
      expect(parsed.problems[0]).toMatch(
        /^body line 3: unknown figure "handstand" \(the figure set has: .*knee-to-chest-one/,
      );
    });

    it('refuses a figure inside a callout, naming the line', () => {
      const parsed = parseMarkup('Text.\n\n> [!TIP]\n> [[figure:bridge]]', []);
      expect(parsed.problems).toContain(
        'body line 4: [[figure:bridge]] must be on its own line, outside a callout',
      );
    });

    it("takes a clinic's picture only by a name the clinic has", () => {
      const body = 'Text.\n\n[[image:our-stretch]]';
      expect(parseMarkup(body, [], { images: new Set(['our-stretch']) }).problems).toEqual([]);
      expect(parseMarkup(body, [], { images: new Set() }).problems).toEqual([
        'body line 3: this clinic has no picture called "our-stretch" (upload it under Library, Pictures)',
      ]);
      expect(parseMarkup(body, []).problems).toEqual([
        'body line 3: pictures uploaded by a clinic can only be used in that clinic’s own blocks',
      ]);
      expect(parseMarkup('[[image:Our Photo]]', [], { images: new Set() }).problems[0]).toMatch(
        /^body line 1: \[\[image:Our Photo\]\] needs a picture name/,
      );
      expect(imageNamesIn('a\n[[image:one]]\n [[image:two]] \n[[image:one]]')).toEqual([
        'one',
        'two',
      ]);
    });
  });

  describe('plan lines', () => {
    const walking = ['walk-minutes', 'add-minutes-per-day', 'target-minutes', 'walks-per-day'];

    it('reads a label and a day’s words, draws nothing in the document, and counts its values as used', () => {
      const { elements, problems } = parseMarkup(
        'Walk a little.\n\n[[plan: Walk | {{walks-per-day}} walks of {{today.walk-minutes}} minutes]]',
        walking,
      );
      expect(problems).toEqual([]);
      expect(elements[1]).toMatchObject({ kind: 'plan', label: 'Walk' });
      expect(renderElements(elements, [], { 'walks-per-day': 3 }, context)).toHaveLength(1);
      expect(
        planText(
          (elements[1] as { text: Inline[] }).text,
          [],
          { 'walk-minutes': 5, 'add-minutes-per-day': 2, 'target-minutes': 8, 'walks-per-day': 3 },
          context,
          3,
        ),
      ).toBe('3 walks of 8 minutes');
    });

    it('limits a line to the first days by a parameter', () => {
      const { elements, problems } = parseMarkup(
        'Cold.\n\n[[plan for {{days}} days: Cold pack | Cold pack for {{minutes}} minutes]]',
        ['days', 'minutes'],
      );
      expect(problems).toEqual([]);
      expect(elements[1]).toMatchObject({ kind: 'plan', daysParam: 'days' });
    });

    it('names what is wrong with a plan line, and its line', () => {
      const problems = (body: string, declared: string[] = []) =>
        parseMarkup(body, declared).problems;
      expect(problems('Text.\n[[plan: Walk]]')).toEqual([
        'body line 2: a plan line reads [[plan: Label | what to do]] or [[plan for {{days}} days: Label | what to do]]',
      ]);
      expect(problems('Text.\n\n[[plan: A label far too long for a column | x]]')[0]).toMatch(
        /^body line 3: a plan line’s label is at most 24 characters/,
      );
      expect(problems('Text.\n\n[[plan: Walk | {{today.walk-minutes}} minutes]]')).toEqual([
        'body: {{today.walk-minutes}} needs the walking plan’s parameters (walk-minutes, add-minutes-per-day, target-minutes, walks-per-day)',
      ]);
      expect(problems('Walk {{today.walk-minutes}} minutes.')).toEqual([
        'body line 1: {{today.walk-minutes}} can only be used in a [[plan: …]] line',
      ]);
      expect(problems('Text.\n\n[[plan: A | x]]\n\n[[plan: B | y]]')).toEqual([
        'body: a block has at most one [[plan: …]] line',
      ]);
      expect(problems('> [!TIP]\n> [[plan: A | x]]')[0]).toMatch(/outside a callout/);
      expect(problems('[[plan: A | x]]')).toEqual(['body: must not be empty']);
    });
  });
});
