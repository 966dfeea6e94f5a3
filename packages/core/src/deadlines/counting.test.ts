import { describe, expect, it } from 'vitest';
import {
  INDIA_STANDARD_TIME,
  addCalendarMonths,
  alertInstant,
  dueInstant,
  fixedOffsetZone,
  formatInstant,
  isUnderAge,
  localDay,
  parseInstant,
  parseLocalDate,
  type Period,
} from './counting.ts';

const zone = INDIA_STANDARD_TIME;
const due = (start: string, period: Period): string =>
  formatInstant(dueInstant(Date.parse(start), period, zone), zone);

describe('counting in Asia/Kolkata', () => {
  it('uses a fixed +05:30 that agrees with the zone database from 1950 to 2100', () => {
    expect(zone.name).toBe('Asia/Kolkata');
    expect(zone.isoOffset).toBe('+05:30');
    const offsetName = new Intl.DateTimeFormat('en-US', {
      timeZone: zone.name,
      timeZoneName: 'longOffset',
    });
    for (let year = 1950; year <= 2100; year += 5) {
      for (const month of [0, 6]) {
        const parts = offsetName.formatToParts(new Date(Date.UTC(year, month, 15)));
        expect(parts.find((part) => part.type === 'timeZoneName')?.value).toBe('GMT+05:30');
      }
    }
  });

  it('hours: due = start + N hours, across local midnight', () => {
    expect(due('2025-02-01T22:00:00+05:30', { amount: 24, convention: 'hours' })).toBe(
      '2025-02-02T22:00:00+05:30',
    );
  });

  it('days: the start day is excluded; due at the end of the local day N days later', () => {
    expect(due('2025-01-10T09:30:00+05:30', { amount: 90, convention: 'days' })).toBe(
      '2025-04-10T23:59:59.999+05:30',
    );
    // Late on the start day or just after midnight: the local date decides, not the UTC date.
    expect(due('2025-01-10T23:59:00+05:30', { amount: 1, convention: 'days' })).toBe(
      '2025-01-11T23:59:59.999+05:30',
    );
    expect(due('2025-01-10T19:00:00Z', { amount: 1, convention: 'days' })).toBe(
      '2025-01-12T23:59:59.999+05:30',
    );
  });

  it('days, start day counted: the start day is day 1 (ED v. Kapil Wadhawan, 2023)', () => {
    expect(
      due('2025-01-11T14:00:00+05:30', { amount: 90, convention: 'days-start-day-counted' }),
    ).toBe('2025-04-10T23:59:59.999+05:30');
    expect(
      due('2025-01-11T00:00:00+05:30', { amount: 1, convention: 'days-start-day-counted' }),
    ).toBe('2025-01-11T23:59:59.999+05:30');
  });

  it('months: the same day N months later, or the last day of a shorter month', () => {
    const months = (start: string, amount: number): string =>
      due(start, { amount, convention: 'months' });
    expect(months('2025-01-31T10:00:00+05:30', 1)).toBe('2025-02-28T23:59:59.999+05:30');
    expect(months('2024-01-31T10:00:00+05:30', 1)).toBe('2024-02-29T23:59:59.999+05:30');
    expect(months('2025-03-31T10:00:00+05:30', 1)).toBe('2025-04-30T23:59:59.999+05:30');
    expect(months('2024-12-31T10:00:00+05:30', 2)).toBe('2025-02-28T23:59:59.999+05:30');
    expect(months('2024-02-29T10:00:00+05:30', 12)).toBe('2025-02-28T23:59:59.999+05:30');
    expect(months('2025-01-15T10:00:00+05:30', 4)).toBe('2025-05-15T23:59:59.999+05:30');
    expect(addCalendarMonths(localDay(Date.parse('2025-11-30T12:00:00Z'), zone), 3)).toBe(
      localDay(Date.parse('2026-02-28T12:00:00Z'), zone),
    );
  });

  it('formats instants in the zone, with milliseconds only when there are some', () => {
    expect(formatInstant(Date.parse('2025-01-11T08:30:00Z'), zone)).toBe(
      '2025-01-11T14:00:00+05:30',
    );
    expect(formatInstant(Date.parse('2025-01-11T08:30:00.250Z'), zone)).toBe(
      '2025-01-11T14:00:00.250+05:30',
    );
    const minusThree = fixedOffsetZone('America/Sao_Paulo', -180);
    expect(formatInstant(Date.parse('2025-01-11T01:00:00Z'), minusThree)).toBe(
      '2025-01-10T22:00:00-03:00',
    );
  });

  it('alerts N hours before, or at the start of the local day N days before the due day', () => {
    const dueAt = Date.parse('2025-03-11T23:59:59.999+05:30');
    expect(formatInstant(alertInstant(dueAt, { amount: 15, unit: 'days' }, zone), zone)).toBe(
      '2025-02-24T00:00:00+05:30',
    );
    expect(formatInstant(alertInstant(dueAt, { amount: 6, unit: 'hours' }, zone), zone)).toBe(
      '2025-03-11T17:59:59.999+05:30',
    );
  });

  it('ages: under 18 until the 18th birthday; 29 February birthdays fall on 1 March', () => {
    const born = parseLocalDate('2007-03-15', 'birthDate');
    expect(isUnderAge(born, 18, parseLocalDate('2025-03-14', 'day'))).toBe(true);
    expect(isUnderAge(born, 18, parseLocalDate('2025-03-15', 'day'))).toBe(false);
    const leapling = parseLocalDate('2008-02-29', 'birthDate');
    expect(isUnderAge(leapling, 18, parseLocalDate('2026-02-28', 'day'))).toBe(true);
    expect(isUnderAge(leapling, 18, parseLocalDate('2026-03-01', 'day'))).toBe(false);
  });

  it('refuses dates that do not exist, naming the field', () => {
    expect(() => parseLocalDate('2023-02-29', 'case.victims.0.birthDate')).toThrow(
      'case.victims[0].birthDate: not a calendar date',
    );
    expect(() => parseInstant('yesterday', 'asOf')).toThrow('asOf: not a date-time');
  });
});
