/**
 * The one way the app shows a moment: date and time in the viewer's locale, with the time zone named, so
 * an operator in Berlin and an IT admin in Chicago read the same instant without guessing. `dateStyle`
 * cannot be combined with `timeZoneName`, hence the explicit fields.
 */
const OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${timeZone ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, timeZone ? { ...OPTIONS, timeZone } : OPTIONS);
    formatters.set(key, found);
  }
  return found;
}

/**
 * Formats an ISO timestamp (or a Date) for people. Locale and time zone default to the viewer's; tests
 * pass them. An unreadable value comes back as given rather than as "Invalid Date".
 */
export function formatDateTime(value: string | Date, options: { locale?: string; timeZone?: string } = {}): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return formatter(options.locale, options.timeZone).format(date);
}
