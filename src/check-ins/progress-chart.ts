export interface ChartDay {
  /** Day of the plan, 1-based. */
  day: number;
  /** YYYY-MM-DD. */
  date: string;
  /** 0-10; null when there was no check-in or the patient did not give it. */
  pain: number | null;
  /** Exercises ticked done that day. */
  done: number;
  /** Exercises planned that day (0 allowed). */
  planned: number;
  checkedIn: boolean;
  /** An emergency sign was ticked that day. */
  emergency: boolean;
}

export interface ProgressChartOptions {
  /** Shown above the chart and read out as the chart's name. */
  title?: string;
  /** Prefix of the ids inside the SVG; must differ between charts on one page. */
  id?: string;
}

const DEFAULT_TITLE = 'Progress by day';
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
/** Days listed one by one in the spoken summary; longer plans list only their last days. */
const DESC_DAYS = 14;

// Layout in viewBox units. 360 wide keeps 12-unit text at about 10.5 px in a 320 px column.
const W = 360;
const LEFT = 36;
const RIGHT = W - 42;
const PLOT_H = 120;
const FONT = 12;
/** Rough width of one digit at FONT, for spacing the day labels. */
const DIGIT_W = 7;
const INK = '#222';
const MUTED = '#555';

/** Escapes text for SVG/HTML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Rounds to one decimal so the output is short and the same on every run. */
const n = (value: number) => String(Math.round(value * 10) / 10);

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

function shortDate(date: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
  const month = match ? MONTHS[Number(match[1]) - 1] : undefined;
  return match && month ? `${Number(match[2])} ${month}` : date;
}

function painOf(day: ChartDay): number | null {
  return day.checkedIn && day.pain !== null && Number.isFinite(day.pain)
    ? clamp(day.pain, 0, 10)
    : null;
}

/** Share of planned exercises done, 0..1; null when nothing was planned or no check-in. */
function completionOf(day: ChartDay): number | null {
  return day.checkedIn && day.planned > 0 && Number.isFinite(day.done)
    ? clamp(day.done / day.planned, 0, 1)
    : null;
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${n(x)}" y="${n(y)}"${attrs}>${escapeXml(content)}</text>`;
}

function svgOpen(id: string, height: number, title: string, desc: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${n(height)}" width="100%"` +
    ` role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, sans-serif"` +
    ` font-size="${FONT}" fill="${INK}">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`
  );
}

/** Centre-to-centre distance two day labels need: the widest number plus a space. */
const labelGap = (lastDay: number) => String(lastDay).length * DIGIT_W + 8;

/** Every day when few, else every 2nd, 7th, 14th… so that labels never touch. */
function labelStep(count: number, slot: number, lastDay: number): number {
  if (count <= 14) return 1;
  const needed = labelGap(lastDay);
  return [2, 7, 14, 28].find((step) => step * slot >= needed) ?? Math.ceil(needed / slot / 28) * 28;
}

function describeInWords(days: ChartDay[]): string {
  const first = days[0].day;
  const last = days[days.length - 1].day;
  const checkIns = days.filter((d) => d.checkedIn);
  const parts = [
    `Days ${first} to ${last}: ${checkIns.length} check-in${checkIns.length === 1 ? '' : 's'}.`,
  ];
  const pains = days.flatMap((d) => {
    const pain = painOf(d);
    return pain === null ? [] : [{ day: d.day, pain }];
  });
  if (pains.length) {
    const values = pains.map((p) => p.pain);
    const latest = pains[pains.length - 1];
    parts.push(
      `Pain lowest ${n(Math.min(...values))}, highest ${n(Math.max(...values))}, latest ${n(latest.pain)} on day ${latest.day}.`,
    );
  }
  const listed = days.slice(-DESC_DAYS);
  const which = listed.length < days.length ? `, last ${listed.length} days` : '';
  const painWords = listed.map((d) => {
    const pain = painOf(d);
    if (!d.checkedIn) return `day ${d.day} no check-in`;
    return `day ${d.day} ${pain === null ? 'not given' : n(pain)}`;
  });
  parts.push(`Pain by day${which}: ${painWords.join(', ')}.`);
  const doneWords = listed
    .filter((d) => completionOf(d) !== null)
    .map((d) => `day ${d.day} ${n(d.done)} of ${n(d.planned)}`);
  if (doneWords.length) parts.push(`Exercises done${which}: ${doneWords.join(', ')}.`);
  const emergencies = days.filter((d) => d.emergency).map((d) => `day ${d.day}`);
  if (emergencies.length) parts.push(`Emergency sign ticked on ${emergencies.join(', ')}.`);
  return parts.join(' ');
}

/**
 * A patient's progress by day as an inline SVG for clinicians: pain as a line (broken where
 * there is no value), exercises done as bars behind it, emergency days marked with a triangle.
 * Readable in greyscale; every text inside is escaped, so the caller may insert it as is.
 */
export function progressChart(days: ChartDay[], options: ProgressChartOptions = {}): string {
  const id = options.id ?? 'progress-chart';
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`Chart id must match [a-z0-9-]+, got "${id}"`);
  const title = options.title ?? DEFAULT_TITLE;

  if (!days.length) {
    return (
      svgOpen(id, 40, title, 'No check-ins yet.') +
      text(W / 2, 24, 'No check-ins yet', ` text-anchor="middle" fill="${MUTED}"`) +
      '</svg>'
    );
  }

  const sorted = [...days].sort((a, b) => a.day - b.day);
  const firstDay = sorted[0].day;
  const lastDay = sorted[sorted.length - 1].day;
  const count = lastDay - firstDay + 1;
  const slot = (RIGHT - LEFT) / count;
  const centre = (day: number) => LEFT + slot * (day - firstDay + 0.5);

  const headed = options.title !== undefined;
  const top = (headed ? 20 : 0) + 24;
  const base = top + PLOT_H;
  const yOf = (value: number) => base - (value / 10) * PLOT_H;
  const height = base + 76;
  const out: string[] = [svgOpen(id, height, title, describeInWords(sorted))];

  if (headed) out.push(text(4, 14, title, ' font-size="13" font-weight="bold"'));

  // Gridlines 0-10; 0, 5 and 10 labelled on both sides (pain left, share done right).
  const grid = (values: number[]) => values.map((v) => `M${LEFT} ${n(yOf(v))}H${RIGHT}`).join('');
  out.push(
    `<path d="${grid([1, 2, 3, 4, 6, 7, 8, 9])}" stroke="#ececec"/>`,
    `<path d="${grid([0, 5, 10])}" stroke="#b5b5b5"/>`,
    `<g fill="${MUTED}" text-anchor="end">`,
    text(LEFT - 5, top - 9, 'Pain', ` fill="${INK}"`),
    ...[0, 5, 10].map((v) => text(LEFT - 5, yOf(v) + 4, String(v))),
    '</g>',
    `<g fill="${MUTED}">`,
    text(RIGHT + 4, top - 9, 'Done', ` fill="${INK}"`),
    ...[0, 5, 10].map((v) => text(RIGHT + 4, yOf(v) + 4, `${v * 10}%`)),
    '</g>',
  );

  // Bars behind the line; a checked-in day with nothing done gets a flat outline at 0.
  const barW = clamp(slot * 0.6, 1.5, 18);
  const bars = sorted.flatMap((d) => {
    const share = completionOf(d);
    if (share === null) return [];
    const h = Math.max(share * PLOT_H, 1);
    return [
      `<rect x="${n(centre(d.day) - barW / 2)}" y="${n(base - h)}" width="${n(barW)}" height="${n(h)}"/>`,
    ];
  });
  out.push(`<g class="bars" fill="#ddd" stroke="#444" stroke-width="0.8">${bars.join('')}</g>`);

  // Days without a check-in keep their slot: a grey dash just above the baseline.
  const dashW = clamp(slot * 0.4, 1.5, 8);
  const gaps = sorted
    .filter((d) => !d.checkedIn)
    .map((d) => `M${n(centre(d.day) - dashW / 2)} ${n(base - 4)}h${n(dashW)}`)
    .join('');
  if (gaps) out.push(`<path class="no-check-in" d="${gaps}" stroke="#8a8a8a" stroke-width="2"/>`);

  // Pain line: a new segment (M) after any day without a value; no joining across gaps.
  let path = '';
  let previous: number | null = null;
  const dots: string[] = [];
  const r = clamp(slot * 0.3, 1.6, 3.2);
  for (const d of sorted) {
    const pain = painOf(d);
    if (pain === null) continue;
    const point = `${n(centre(d.day))} ${n(yOf(pain))}`;
    path += `${previous === d.day - 1 ? 'L' : 'M'}${point}`;
    previous = d.day;
    dots.push(`<circle cx="${n(centre(d.day))}" cy="${n(yOf(pain))}" r="${n(r)}"/>`);
  }
  if (path) {
    out.push(
      `<path class="pain" d="${path}" fill="none" stroke="${INK}" stroke-width="2" stroke-linejoin="round"/>`,
      `<g class="pain-dots" fill="${INK}" stroke="#fff" stroke-width="0.8">${dots.join('')}</g>`,
    );
  }

  // Emergency days: a triangle above the plot, so the mark never hides behind the data.
  const tri = clamp(slot * 0.45, 3.5, 5);
  const triangle = (x: number, y: number) =>
    `M${n(x)} ${n(y - tri * 1.6)}l${n(tri)} ${n(tri * 1.6)}h${n(-2 * tri)}z`;
  const alarms = sorted
    .filter((d) => d.emergency)
    .map((d) => triangle(centre(d.day), top - 3))
    .join('');
  if (alarms) out.push(`<path class="emergency" d="${alarms}" fill="#a1001b"/>`);

  // Day numbers, thinned so they never overlap; short dates under the first and last day.
  const step = labelStep(count, slot, lastDay);
  const labelled: number[] = [];
  for (let day = firstDay; day <= lastDay; day += step) labelled.push(day);
  if (labelled[labelled.length - 1] !== lastDay) {
    if ((lastDay - labelled[labelled.length - 1]) * slot < labelGap(lastDay)) labelled.pop();
    labelled.push(lastDay);
  }
  out.push(
    `<g class="days" text-anchor="middle" fill="${MUTED}">`,
    ...labelled.map((day) => text(centre(day), base + 15, String(day))),
    '</g>',
    text(LEFT - 9, base + 15, 'Day', ` text-anchor="end"`),
  );
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === last) {
    out.push(text(centre(first.day), base + 30, shortDate(first.date), ` text-anchor="middle"`));
  } else {
    out.push(
      text(LEFT, base + 30, shortDate(first.date)),
      text(RIGHT, base + 30, shortDate(last.date), ` text-anchor="end"`),
    );
  }

  // Legend in words, with the same shapes as the chart.
  const row1 = base + 50;
  const row2 = row1 + 18;
  const col1 = 6;
  const col2 = 184;
  out.push(
    `<path d="M${col1} ${row1 - 4}h18" stroke="${INK}" stroke-width="2"/>`,
    `<circle cx="${col1 + 9}" cy="${row1 - 4}" r="3.2" stroke="#fff" stroke-width="0.8"/>`,
    text(col1 + 24, row1, 'Pain 0–10 (line)'),
    `<rect x="${col2 + 4}" y="${row1 - 10}" width="10" height="10" fill="#ddd" stroke="#444" stroke-width="0.8"/>`,
    text(col2 + 20, row1, 'Exercises done (bars)'),
    `<path d="M${col1 + 9} ${row2 - 9}l5 8h-10z" fill="#a1001b"/>`,
    text(col1 + 24, row2, 'Emergency sign ticked'),
    `<path d="M${col2 + 5} ${row2 - 4}h8" stroke="#8a8a8a" stroke-width="2"/>`,
    text(col2 + 20, row2, 'No check-in'),
    '</svg>',
  );
  return out.join('');
}
