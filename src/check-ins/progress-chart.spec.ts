import { ChartDay, escapeXml, progressChart } from './progress-chart';

function day(n: number, over: Partial<ChartDay> = {}): ChartDay {
  return {
    day: n,
    date: `2026-03-${String(n).padStart(2, '0')}`,
    pain: 4,
    done: 2,
    planned: 2,
    checkedIn: true,
    emergency: false,
    ...over,
  };
}

const noCheckIn = (n: number): ChartDay =>
  day(n, { pain: null, done: 0, checkedIn: false, emergency: false });

function plan(length: number): ChartDay[] {
  return Array.from({ length }, (_, i) =>
    i % 6 === 3 ? noCheckIn(i + 1) : day(i + 1, { pain: i % 11, done: i % 3, planned: 2 }),
  );
}

/** The inside of the first element with this class. */
function group(svg: string, className: string): string {
  const match = new RegExp(`<(g|path) class="${className}"([^>]*?)(/>|>(.*?)</g>)`).exec(svg);
  if (!match) throw new Error(`no element with class ${className}`);
  return match[0];
}

function attr(element: string, name: string): number {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(element);
  if (!match) throw new Error(`no ${name} in ${element}`);
  return Number(match[1]);
}

const elements = (svg: string, tag: string): string[] =>
  svg.match(new RegExp(`<${tag}\\b[^>]*>`, 'g')) ?? [];

/** Tags balance and nest, and every & starts an entity: enough to parse as XML. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const [tag, name, selfClosing] of svg.matchAll(/<\/?([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (tag.startsWith('</')) expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(svg.endsWith('</svg>')).toBe(true);
  expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
}

describe(progressChart.name, () => {
  it('escapes the title and any text from the input', () => {
    const svg = progressChart([day(1, { date: '<b>"x"</b>' })], {
      title: `</title><script>alert('x')</script> & "more"`,
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain(
      '&lt;/title&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;',
    );
    expect(svg).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    expectWellFormed(svg);
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('breaks the pain line across a day without pain instead of joining over it', () => {
    const svg = progressChart([day(1, { pain: 4 }), day(2, { pain: 5 }), noCheckIn(3), day(4)]);
    const d = /class="pain" d="([^"]*)"/.exec(svg)![1];
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(1);
    // A marker on each day with pain, none on the day without a check-in.
    expect(elements(group(svg, 'pain-dots'), 'circle')).toHaveLength(3);
  });

  it('also breaks the line when a checked-in day has no pain given', () => {
    const svg = progressChart([day(1), day(2, { pain: null }), day(3)]);
    const d = /class="pain" d="([^"]*)"/.exec(svg)![1];
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d).not.toContain('L');
  });

  it('draws bars in proportion to the share done, and none where nothing was planned', () => {
    const svg = progressChart([
      day(1, { done: 1, planned: 2 }),
      day(2, { done: 2, planned: 2 }),
      day(3, { done: 0, planned: 0 }),
      noCheckIn(4),
    ]);
    const bars = elements(group(svg, 'bars'), 'rect');
    expect(bars).toHaveLength(2);
    const [half, full] = bars.map((bar) => attr(bar, 'height'));
    expect(half / full).toBeCloseTo(0.5, 2);
    // Both stand on the same baseline.
    expect(attr(bars[0], 'y') + half).toBeCloseTo(attr(bars[1], 'y') + full, 1);
  });

  it('marks only the emergency day, above that day', () => {
    const svg = progressChart([day(1), day(2, { emergency: true }), day(3)]);
    const triangles: string[] = group(svg, 'emergency').match(/M[\d.]+ [\d.]+l/g) ?? [];
    expect(triangles).toHaveLength(1);
    const apexX = Number(/M([\d.]+)/.exec(triangles[0])![1]);
    const dots = elements(group(svg, 'pain-dots'), 'circle').map((c) => attr(c, 'cx'));
    expect(apexX).toBe(dots[1]);
    expect(progressChart([day(1), day(2)])).not.toContain('class="emergency"');
  });

  it('says the pains in words in a desc the svg is labelled by', () => {
    const svg = progressChart([day(1, { pain: 4 }), noCheckIn(2), day(3, { pain: 6, done: 1 })], {
      id: 'chart-7',
    });
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="chart-7-title chart-7-desc"');
    expect(svg).toContain('<title id="chart-7-title">Progress by day</title>');
    const desc = /<desc id="chart-7-desc">([^<]*)<\/desc>/.exec(svg)![1];
    expect(desc).toContain('Pain by day: day 1 4, day 2 no check-in, day 3 6.');
    expect(desc).toContain('Exercises done: day 1 2 of 2, day 3 1 of 2.');
    expect(desc).toContain('Pain lowest 4, highest 6, latest 6 on day 3.');
  });

  it('keeps the desc short on a long plan and names every emergency day', () => {
    const days = plan(84).map((d) => (d.day === 5 ? { ...d, emergency: true } : d));
    const desc = /<desc[^>]*>([^<]*)<\/desc>/.exec(progressChart(days))![1];
    expect(desc).toContain('Pain by day, last 14 days: day 71 ');
    expect(desc).not.toContain('day 70 ');
    expect(desc).toContain('Emergency sign ticked on day 5.');
    expect(desc.length).toBeLessThan(900);
  });

  it('labels every day on a short plan and thins labels on a 30-day plan so none touch', () => {
    const labels = (svg: string) =>
      [...group(svg, 'days').matchAll(/<text x="([\d.]+)"[^>]*>(\d+)<\/text>/g)].map((m) => ({
        x: Number(m[1]),
        day: Number(m[2]),
      }));
    expect(labels(progressChart(plan(14))).map((l) => l.day)).toEqual(
      Array.from({ length: 14 }, (_, i) => i + 1),
    );

    const month = labels(progressChart(plan(30)));
    expect(month.length).toBeGreaterThanOrEqual(4);
    expect(month.length).toBeLessThan(30);
    expect(month[0].day).toBe(1);
    expect(month[month.length - 1].day).toBe(30);
    const labelWidth = 2 * 0.6 * 12; // two digits at font-size 12
    for (let i = 1; i < month.length; i++)
      expect(month[i].x - month[i - 1].x).toBeGreaterThanOrEqual(labelWidth);
  });

  it('shows short dates for the first and last day', () => {
    const svg = progressChart([day(1, { date: '2026-02-27' }), day(2, { date: '2026-02-28' })]);
    expect(svg).toContain('>27 Feb</text>');
    expect(svg).toContain('>28 Feb</text>');
  });

  it('stays small, self-contained and well-formed for an 84-day plan', () => {
    const days = plan(84).map((d) => (d.day === 40 ? { ...d, emergency: true } : d));
    const svg = progressChart(days, { title: 'Knee & hip' });
    expect(Buffer.byteLength(svg)).toBeLessThan(12 * 1024);
    expectWellFormed(svg);
    expect(svg).not.toMatch(/<script|foreignObject|<style|url\(|href=|<image/i);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ [\d.]+" width="100%"/);
  });

  it('is deterministic, with numbers rounded to one decimal', () => {
    const days = plan(17);
    const svg = progressChart(days);
    expect(progressChart(days.map((d) => ({ ...d })))).toBe(svg);
    // Attribute numbers and path coordinates alike.
    expect(svg).not.toMatch(/\d\.\d\d/);
  });

  it('says "No check-ins yet" when there are no days', () => {
    const svg = progressChart([], { id: 'empty' });
    expect(svg).toMatch(/<text[^>]*>No check-ins yet<\/text>/);
    expect(svg).toContain('aria-labelledby="empty-title empty-desc"');
    expectWellFormed(svg);
  });

  it('refuses an id that could break out of the attribute', () => {
    expect(() => progressChart([day(1)], { id: 'x" onload="alert(1)' })).toThrow(/id/);
  });
});
