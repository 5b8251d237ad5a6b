import Handlebars from 'handlebars';

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const DATE_TIMES = new Map<string, Intl.DateTimeFormat>();

/** "1 Dec 2026, 06:47 GMT": one format for every time a page shows, in the clinic's zone. */
export function formatDateTime(value: unknown, timeZone = 'UTC'): string {
  if (!value) return '';
  let format = DATE_TIMES.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    DATE_TIMES.set(timeZone, format);
  }
  const date = new Date(value as string);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}

/** Small, pure helpers: comparisons and date formatting. None of them returns raw HTML. */
export function registerViewHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('date', (value: unknown) => formatDate(value));
  // The page's root context carries the clinic's time zone (PageRenderer sets it).
  hbs.registerHelper('dateTime', (value: unknown, options: Handlebars.HelperOptions) =>
    formatDateTime(value, (options?.data?.root as { timeZone?: string } | undefined)?.timeZone),
  );
  hbs.registerHelper('add', (a: number, b: number) => a + b);
  // A colour sample as an image (inline styles are blocked by the CSP).
  hbs.registerHelper('swatch', (color: unknown) => {
    const hex = typeof color === 'string' && /^#[0-9a-fA-F]{6}$/.test(color) ? color : '#cccccc';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><rect width="24" height="24" rx="4" fill="${hex}"/></svg>`;
    return `data:image/svg+xml,${encodeURIComponent(svg)}`;
  });
}

/** "2026-11-22" or a Date → "22 Nov 2026". */
export function formatDate(value: unknown): string {
  if (!value) return '';
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00Z`)
      : new Date(value as string);
  return Number.isNaN(date.getTime()) ? '' : DATE.format(date);
}
