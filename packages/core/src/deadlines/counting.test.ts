import { describe, expect, it } from 'vitest';
import {
  INDIA_STANDARD_TIME,
  addCalendarMonths,
  ageOn,
  alertInstant,
  dueInstant,
  fixedOffsetZone,
  formatInstant,
  formatLocalDay,
  formatUtcInstant,
  isUnderAge,
  localDay,
  parseInstant,
  parseLocalDate,
  type Period,
  utcIsoOf,
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

describe('integer calendar arithmetic agrees with Date', () => {
  const random = (() => {
    let state = 42;
    return (): number => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
  })();
  const DAY = 86_400_000;
  const dayOf = (date: Date): number => Math.floor(date.getTime() / DAY);

  it('formats and reads days from 1900 to 2400 as Date does', () => {
    for (let day = dayOf(new Date('1900-01-01')); day < dayOf(new Date('2400-12-31')); day += 7) {
      const expected = new Date(day * DAY).toISOString().slice(0, 10);
      expect(formatLocalDay(day)).toBe(expected);
      expect(parseLocalDate(expected, 'date')).toBe(day);
    }
  });

  it('adds months and ages as Date.UTC would, for every day of 2023–2025 and month counts', () => {
    for (let day = dayOf(new Date('2023-01-01')); day < dayOf(new Date('2026-01-01')); day += 1) {
      const date = new Date(day * DAY);
      for (const months of [1, 2, 4, 12, 13]) {
        const year = date.getUTCFullYear();
        const month = date.getUTCMonth() + months;
        const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
        const expected = Date.UTC(year, month, Math.min(date.getUTCDate(), last)) / DAY;
        expect(addCalendarMonths(day, months)).toBe(expected);
      }
      const birthday = Date.UTC(date.getUTCFullYear() + 18, date.getUTCMonth(), date.getUTCDate());
      expect(isUnderAge(day, 18, birthday / DAY - 1)).toBe(true);
      expect(isUnderAge(day, 18, birthday / DAY)).toBe(false);
      expect(ageOn(day, birthday / DAY - 1)).toBe(17);
      expect(ageOn(day, birthday / DAY)).toBe(18);
    }
  });

  /**
   * An instant of a day from 1950 on, by turns a whole minute, a whole second, any millisecond
   * and (with `lastOfDay`) the day's last millisecond.
   */
  const randomInstant = (sample: number, { lastOfDay = false } = {}): number => {
    const base = Date.UTC(1950, 0, 1) + Math.floor(random() * 150 * 365) * DAY;
    const kinds = [
      base + Math.floor(random() * 1440) * 60_000,
      base + Math.floor(random() * 86_400) * 1000,
      base + Math.floor(random() * DAY),
      ...(lastOfDay ? [base + DAY - 1] : []),
    ];
    return kinds[sample % kinds.length] as number;
  };

  it('formats instants in Kolkata as Date does, whole minutes, seconds and milliseconds alike', () => {
    for (let sample = 0; sample < 5_000; sample += 1) {
      const instant = randomInstant(sample);
      const local = new Date(instant + 330 * 60_000).toISOString().slice(0, 23);
      const expected = `${local.endsWith('.000') ? local.slice(0, 19) : local}+05:30`;
      expect(formatInstant(instant, zone)).toBe(expected);
    }
  });

  it('writes instants in UTC character for character as toISOString does, and reads texts to it', () => {
    for (let sample = 0; sample < 5_000; sample += 1) {
      const instant = randomInstant(sample, { lastOfDay: true });
      const expected = new Date(instant).toISOString();
      expect(formatUtcInstant(instant)).toBe(expected);
      expect(utcIsoOf(formatInstant(instant, zone))).toBe(expected);
    }
    // Outside the years 1000–9999, fractional or not a number: as Date has it.
    for (const instant of [Date.UTC(999, 11, 31, 23, 59), Date.UTC(10000, 0, 1), -1, 1.5]) {
      expect(formatUtcInstant(instant)).toBe(new Date(instant).toISOString());
    }
    expect(() => formatUtcInstant(NaN)).toThrow(RangeError);
    // Texts its parser leaves to Date (no offset, an impossible day) are read by Date.
    expect(utcIsoOf('2025-01-10')).toBe(new Date('2025-01-10').toISOString());
    expect(utcIsoOf('2025-02-30T10:00:00+05:30')).toBe(
      new Date('2025-02-30T10:00:00+05:30').toISOString(),
    );
  });

  it('parses date-times with any offset, seconds and fraction as Date.parse does', () => {
    const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
    for (let sample = 0; sample < 5_000; sample += 1) {
      const instant = Date.UTC(1950, 0, 1) + Math.floor(random() * 150 * 365 * DAY);
      const date = new Date(instant);
      const offset = Math.floor(random() * 27 - 13) * 30;
      const magnitude = Math.abs(offset);
      const zone =
        offset === 0 && random() < 0.5
          ? 'Z'
          : `${offset < 0 ? '-' : '+'}${pad(Math.floor(magnitude / 60))}:${pad(magnitude % 60)}`;
      const fraction = ['', '.5', '.25', '.125', '.123456'][Math.floor(random() * 5)] ?? '';
      const seconds = random() < 0.2 ? '' : `:${pad(date.getUTCSeconds())}${fraction}`;
      const text = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${seconds}${zone}`;
      expect(parseInstant(text, 'at'), text).toBe(Date.parse(text));
    }
    expect(() => parseInstant('2025-02-30T10:00:00+05:30', 'events.2.at')).toThrow(
      'events[2].at: not a date-time',
    );
  });
});
