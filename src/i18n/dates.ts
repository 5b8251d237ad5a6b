/**
 * Dates as a patient reads them, in a language's Intl locale (Phrases.locale): "Tuesday 3 March"
 * in en-GB, "martes, 3 de marzo" in es-419. Calendar dates ("2026-03-03") are read as UTC days.
 */

type Style = 'long' | 'short';

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  long: { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' },
  short: { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' },
};
const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(locale: string, style: Style): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, OPTIONS[style]);
    formats.set(key, format);
  }
  return format;
}

/** "2026-03-03" → "Tuesday 3 March" (en-GB), "martes, 3 de marzo" (es-419). */
export function longDate(date: string, locale: string): string {
  return formatOf(locale, 'long').format(new Date(`${date}T00:00:00Z`));
}

/** "2026-03-03" → "Tue 3 Mar" (en-GB), "mar, 3 mar" (es-419). */
export function shortDate(date: string, locale: string): string {
  return formatOf(locale, 'short').format(new Date(`${date}T00:00:00Z`));
}
