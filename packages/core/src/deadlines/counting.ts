import { DomainError } from '../errors.ts';
import { DEFAULT_TIME_ZONE } from '../time-zone.ts';
import { fieldLabel } from './field-label.ts';

/**
 * Time arithmetic for statutory clocks. Instants are epoch milliseconds; a "local day" is a whole
 * number of days since 1970-01-01 in the rule pack's zone.
 *
 * Zones are fixed offsets on purpose: the law counts in one civil time (India has been on +05:30
 * all year since 1945), and a fixed offset makes "end of the local day" a subtraction instead of a
 * time-zone database lookup per obligation, which the benchmark needs. A pack for a country with
 * daylight saving would need a zone-aware version of these functions; `counting.test.ts` checks
 * the fixed offset against the runtime's zone database.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface FixedOffsetZone {
  /** IANA name, for people and for checking the offset against the zone database. */
  readonly name: string;
  readonly offsetMinutes: number;
  /** The offset as written at the end of an ISO date-time, e.g. `+05:30`. */
  readonly isoOffset: string;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

export function fixedOffsetZone(name: string, offsetMinutes: number): FixedOffsetZone {
  const magnitude = Math.abs(offsetMinutes);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return {
    name,
    offsetMinutes,
    isoOffset: `${sign}${twoDigits(Math.floor(magnitude / 60))}:${twoDigits(magnitude % 60)}`,
  };
}

/** India Standard Time. The zone's name lives in `time-zone.ts`; only its offset is stated here. */
export const INDIA_STANDARD_TIME = fixedOffsetZone(DEFAULT_TIME_ZONE, 330);

/**
 * How a period is counted from its start (stated on every rule):
 * - `hours`: due = start + N hours;
 * - `days`: the start day is excluded; due = end of the local day N days after the start's date;
 * - `days-start-day-counted`: the start day is day 1; due = end of the local day N - 1 days after;
 * - `months`: due = end of the local day N calendar months after the start's date, or the last
 *   day of that month when the day does not exist there (31 January + 1 month = 28/29 February).
 */
export type CountingConvention = 'hours' | 'days' | 'days-start-day-counted' | 'months';

export interface Period {
  readonly amount: number;
  readonly convention: CountingConvention;
}

/** How long before a due instant an alert fires (`days`: at the start of that local day). */
export interface LeadTime {
  readonly amount: number;
  readonly unit: 'hours' | 'days';
}

export function localDay(instant: number, zone: FixedOffsetZone): number {
  return Math.floor((instant + zone.offsetMinutes * MINUTE_MS) / DAY_MS);
}

export function startOfLocalDay(day: number, zone: FixedOffsetZone): number {
  return day * DAY_MS - zone.offsetMinutes * MINUTE_MS;
}

/** 23:59:59.999 local: the last instant at which something done "within N days" is on time. */
export function endOfLocalDay(day: number, zone: FixedOffsetZone): number {
  return startOfLocalDay(day + 1, zone) - 1;
}

/** Adds calendar months to a local day, clamping to the last day of the target month. */
export function addCalendarMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDayOfTargetMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const dayOfMonth = Math.min(date.getUTCDate(), lastDayOfTargetMonth);
  return Date.UTC(year, month, dayOfMonth) / DAY_MS;
}

export function dueInstant(start: number, period: Period, zone: FixedOffsetZone): number {
  switch (period.convention) {
    case 'hours':
      return start + period.amount * HOUR_MS;
    case 'days':
      return endOfLocalDay(localDay(start, zone) + period.amount, zone);
    case 'days-start-day-counted':
      return endOfLocalDay(localDay(start, zone) + period.amount - 1, zone);
    case 'months':
      return endOfLocalDay(addCalendarMonths(localDay(start, zone), period.amount), zone);
    default: {
      const unknown: never = period.convention;
      throw new Error(`unknown counting convention ${String(unknown)}`);
    }
  }
}

export function alertInstant(due: number, lead: LeadTime, zone: FixedOffsetZone): number {
  switch (lead.unit) {
    case 'hours':
      return due - lead.amount * HOUR_MS;
    case 'days':
      // "Alert at day 45" means the morning of that day, not one minute before its midnight.
      return startOfLocalDay(localDay(due, zone) - lead.amount, zone);
    default: {
      const unknown: never = lead.unit;
      throw new Error(`unknown lead-time unit ${String(unknown)}`);
    }
  }
}

export function describePeriod(period: Period): string {
  const { amount, convention } = period;
  switch (convention) {
    case 'hours':
      return `${amount} hours from the start`;
    case 'days':
      return `${amount} days, the start day excluded, to the end of the last day`;
    case 'days-start-day-counted':
      return `${amount} days, the start day counted as day 1, to the end of day ${amount}`;
    case 'months':
      return `${amount} calendar months, to the end of the same day of the month (or the month's last day)`;
    default: {
      const unknown: never = convention;
      throw new Error(`unknown counting convention ${String(unknown)}`);
    }
  }
}

function threeDigits(value: number): string {
  return value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value);
}

/**
 * `YYYY-MM-DD` of a local day (years 1000–9999), by integer arithmetic: the engine formats
 * several instants per obligation, and `Date#toISOString` was most of its time. The algorithm is
 * Howard Hinnant's `civil_from_days`.
 */
export function formatLocalDay(day: number): string {
  const shifted = day + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${twoDigits(month)}-${twoDigits(dayOfMonth)}`;
}

/** `2025-01-11T14:00:00+05:30`; milliseconds only when there are some (`…23:59:59.999+05:30`). */
export function formatInstant(instant: number, zone: FixedOffsetZone): string {
  const local = instant + zone.offsetMinutes * MINUTE_MS;
  const day = Math.floor(local / DAY_MS);
  const withinDay = local - day * DAY_MS;
  const hours = Math.floor(withinDay / HOUR_MS);
  const minutes = Math.floor((withinDay % HOUR_MS) / MINUTE_MS);
  const seconds = Math.floor((withinDay % MINUTE_MS) / 1000);
  const milliseconds = withinDay % 1000;
  const fraction = milliseconds === 0 ? '' : `.${threeDigits(milliseconds)}`;
  return `${formatLocalDay(day)}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}${fraction}${zone.isoOffset}`;
}

/** Epoch milliseconds of an ISO date-time that carries an offset (validated by the input schema). */
export function parseInstant(text: string, field: string): number {
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) {
    throw new DomainError('VALIDATION_FAILED', `${fieldLabel(field)}: not a date-time`, {
      issues: [{ path: field, message: 'must be an ISO date-time with an offset' }],
    });
  }
  return instant;
}

/** The local day of a calendar date `YYYY-MM-DD` (a date has no zone; it is already local). */
export function parseLocalDate(text: string, field: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(day) || formatLocalDay(day / DAY_MS) !== text) {
    throw new DomainError('VALIDATION_FAILED', `${fieldLabel(field)}: not a calendar date`, {
      issues: [{ path: field, message: 'must be a calendar date YYYY-MM-DD' }],
    });
  }
  return day / DAY_MS;
}

/**
 * Whether a person born on `birthDay` is still under `years` on local day `onDay`. A birthday of
 * 29 February falls on 1 March in other years (the later reading keeps a child's protections).
 */
export function isUnderAge(birthDay: number, years: number, onDay: number): boolean {
  const birth = new Date(birthDay * DAY_MS);
  const birthday = Date.UTC(
    birth.getUTCFullYear() + years,
    birth.getUTCMonth(),
    birth.getUTCDate(),
  );
  return onDay < birthday / DAY_MS;
}
