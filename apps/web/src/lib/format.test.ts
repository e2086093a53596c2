import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format.ts';

describe('formatDateTime', () => {
  const at = '2025-03-04T14:05:00.000Z';

  it.each([
    ['en-GB', 'UTC', '4 Mar 2025, 14:05 UTC'],
    ['en-US', 'UTC', 'Mar 4, 2025, 02:05 PM UTC'],
    ['en-US', 'America/New_York', 'Mar 4, 2025, 09:05 AM EST'],
    ['de-DE', 'Europe/Berlin', '4. März 2025, 15:05 MEZ'],
  ])('shows date, time and time zone in the %s locale (%s)', (locale, timeZone, expected) => {
    expect(formatDateTime(at, { locale, timeZone }).replace(/\s/g, ' ')).toBe(expected);
  });

  it('names the time zone in every result, whatever the locale', () => {
    for (const locale of ['en-GB', 'fr-FR', 'ja-JP']) {
      expect(formatDateTime(new Date(at), { locale, timeZone: 'UTC' })).toMatch(/UTC/);
    }
  });

  it('gives an unreadable value back as it came, not "Invalid Date"', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});
