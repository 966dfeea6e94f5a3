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

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));

function twoDigits(value: number): string {
  return TWO_DIGITS[value] ?? String(value);
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

/**
 * Calendar arithmetic on local days by integer math (Howard Hinnant's `civil_from_days` and
 * `days_from_civil`), not `Date`: the engine does this for every obligation, and with a fixed
 * offset a local day is just a day number. Months are 1–12.
 */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function civilFromDays(days: number): CivilDate {
  const shifted = days + 719_468;
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
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1,
  };
}

/** The day number of a date; a day past the month's end runs into the next month, as in `Date.UTC`. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_LENGTHS[month - 1] ?? 31);
}

/** Adds calendar months to a local day, clamping to the last day of the target month. */
export function addCalendarMonths(day: number, months: number): number {
  const date = civilFromDays(day);
  const monthIndex = date.month - 1 + months;
  const year = date.year + Math.floor(monthIndex / 12);
  const month = monthIndex - Math.floor(monthIndex / 12) * 12 + 1;
  return daysFromCivil(year, month, Math.min(date.day, daysInMonth(year, month)));
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
 * Recently formatted days, direct-mapped by day number (a fixed 4,096 slots, about 11 years): an
 * evaluation formats a few dozen instants, mostly on nearby days, and `formatInstant` is the
 * engine's most frequent call.
 */
const DAY_SLOTS = 4096;
const slotDays = new Float64Array(DAY_SLOTS).fill(NaN);
const slotTexts: string[] = new Array<string>(DAY_SLOTS).fill('');

/** `YYYY-MM-DD` of a local day (years 1000–9999). */
export function formatLocalDay(day: number): string {
  const slot = day & (DAY_SLOTS - 1);
  if (slotDays[slot] === day) return slotTexts[slot] ?? '';
  const date = civilFromDays(day);
  const text = `${date.year}-${twoDigits(date.month)}-${twoDigits(date.day)}`;
  slotDays[slot] = day;
  slotTexts[slot] = text;
  return text;
}

/** `2025-01-11T14:00:00+05:30`; milliseconds only when there are some (`…23:59:59.999+05:30`). */
export function formatInstant(instant: number, zone: FixedOffsetZone): string {
  const local = instant + zone.offsetMinutes * MINUTE_MS;
  const day = Math.floor(local / DAY_MS);
  const withinDay = local - day * DAY_MS;
  // Most due instants end a day, most alerts start one, and most times are whole minutes.
  if (withinDay === DAY_MS - 1) return `${formatLocalDay(day)}T23:59:59.999${zone.isoOffset}`;
  if (withinDay % MINUTE_MS === 0) {
    return `${formatLocalDay(day)}${wholeMinute(withinDay / MINUTE_MS)}${zone.isoOffset}`;
  }
  const hours = Math.floor(withinDay / HOUR_MS);
  const minutes = Math.floor((withinDay % HOUR_MS) / MINUTE_MS);
  const seconds = Math.floor((withinDay % MINUTE_MS) / 1000);
  const milliseconds = withinDay % 1000;
  const fraction = milliseconds === 0 ? '' : `.${threeDigits(milliseconds)}`;
  return `${formatLocalDay(day)}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}${fraction}${zone.isoOffset}`;
}

/** The first and the day after the last local day `formatLocalDay` writes (years 1000–9999). */
const FIRST_FORMATTED_DAY = daysFromCivil(1000, 1, 1);
const END_OF_FORMATTED_DAYS = daysFromCivil(10000, 1, 1);

/**
 * `2025-01-11T08:30:00.000Z`: what `new Date(instant).toISOString()` writes, character for
 * character, at a fraction of its cost (issue 11: storing a case's obligations writes each of
 * their instants this way, and their content hashes must not change). Instants outside the years
 * 1000–9999, fractional or not a number go through `Date` (which throws for NaN, as before).
 */
export function formatUtcInstant(instant: number): string {
  const day = Math.floor(instant / DAY_MS);
  if (!(day >= FIRST_FORMATTED_DAY && day < END_OF_FORMATTED_DAYS) || !Number.isInteger(instant)) {
    return new Date(instant).toISOString();
  }
  const withinDay = instant - day * DAY_MS;
  if (withinDay === DAY_MS - 1) return `${formatLocalDay(day)}T23:59:59.999Z`;
  if (withinDay % MINUTE_MS === 0) {
    return `${formatLocalDay(day)}${wholeMinute(withinDay / MINUTE_MS)}.000Z`;
  }
  const hours = Math.floor(withinDay / HOUR_MS);
  const minutes = Math.floor((withinDay % HOUR_MS) / MINUTE_MS);
  const seconds = Math.floor((withinDay % MINUTE_MS) / 1000);
  return `${formatLocalDay(day)}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}.${threeDigits(withinDay % 1000)}Z`;
}

/**
 * `new Date(text).toISOString()` for a date-time text, without `Date`'s parser when the text has
 * the common ISO form (`parseInstantOrNaN`); anything else goes through `Date` as before.
 */
export function utcIsoOf(text: string): string {
  const instant = parseInstantOrNaN(text);
  return Number.isNaN(instant) ? new Date(text).toISOString() : formatUtcInstant(instant);
}

/** `T09:30:00` for each minute of the day. */
const WHOLE_MINUTES: readonly string[] = Array.from(
  { length: 24 * 60 },
  (_, minute) => `T${twoDigits(Math.floor(minute / 60))}:${twoDigits(minute % 60)}:00`,
);

function wholeMinute(minuteOfDay: number): string {
  return WHOLE_MINUTES[minuteOfDay] ?? '';
}

const CHAR_0 = 48;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const PLUS = 43;
const MINUS = 45;
const LETTER_T = 84;
const LETTER_Z = 90;

/** The number written by two ASCII digits at `at`, or a negative number if one is not a digit. */
function twoDigitsAt(text: string, at: number): number {
  const tens = text.charCodeAt(at) - CHAR_0;
  const units = text.charCodeAt(at + 1) - CHAR_0;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/** The number written by four ASCII digits at `at`, or a negative number. */
function fourDigitsAt(text: string, at: number): number {
  const high = twoDigitsAt(text, at);
  const low = twoDigitsAt(text, at + 2);
  return high < 0 || low < 0 ? -1 : high * 100 + low;
}

/**
 * `YYYY-MM-DDTHH:MM[:SS[.f{1,3}]](Z|±HH:MM)` by integer math: NaN when the date or time does not
 * exist (where `Date.parse` would roll 30 February into March), undefined for another shape (the
 * caller then asks `Date.parse`). Parsing every event's time with `Date.parse` was a tenth of the
 * engine's time; `counting.test.ts` checks both agree.
 */
function parseCommonInstant(text: string): number | undefined {
  const length = text.length;
  if (
    length < 17 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== LETTER_T ||
    text.charCodeAt(13) !== COLON
  ) {
    return undefined;
  }
  const year = fourDigitsAt(text, 0);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hours = twoDigitsAt(text, 11);
  const minutes = twoDigitsAt(text, 14);
  let position = 16;
  let seconds = 0;
  let milliseconds = 0;
  if (text.charCodeAt(position) === COLON) {
    seconds = twoDigitsAt(text, position + 1);
    position += 3;
    if (text.charCodeAt(position) === DOT) {
      let digits = 0;
      position += 1;
      while (digits < 3 && position < length) {
        const digit = text.charCodeAt(position) - CHAR_0;
        if (digit < 0 || digit > 9) break;
        milliseconds = milliseconds * 10 + digit;
        digits += 1;
        position += 1;
      }
      if (digits === 0) return undefined;
      milliseconds *= digits === 1 ? 100 : digits === 2 ? 10 : 1;
    }
  }
  let offsetMinutes: number;
  const sign = text.charCodeAt(position);
  if (sign === LETTER_Z && position + 1 === length) {
    offsetMinutes = 0;
  } else if (
    (sign === PLUS || sign === MINUS) &&
    position + 6 === length &&
    text.charCodeAt(position + 3) === COLON
  ) {
    const offsetHours = twoDigitsAt(text, position + 1);
    const offsetRest = twoDigitsAt(text, position + 4);
    if (offsetHours < 0 || offsetHours > 23 || offsetRest < 0 || offsetRest > 59) return undefined;
    offsetMinutes = (sign === MINUS ? -1 : 1) * (offsetHours * 60 + offsetRest);
  } else {
    return undefined;
  }
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hours < 0 ||
    hours > 23 ||
    minutes < 0 ||
    minutes > 59 ||
    seconds < 0 ||
    seconds > 59
  ) {
    return NaN;
  }
  return (
    daysFromCivil(year, month, day) * DAY_MS +
    hours * HOUR_MS +
    minutes * MINUTE_MS +
    seconds * 1000 +
    milliseconds -
    offsetMinutes * MINUTE_MS
  );
}

/** Epoch milliseconds of an ISO date-time with an offset, or NaN when it is not one. */
export function parseInstantOrNaN(text: string): number {
  return parseCommonInstant(text) ?? Date.parse(text);
}

export function notADateTime(field: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${fieldLabel(field)}: not a date-time`, {
    issues: [{ path: field, message: 'must be an ISO date-time with an offset' }],
  });
}

/** Epoch milliseconds of an ISO date-time that carries an offset (validated by the input schema). */
export function parseInstant(text: string, field: string): number {
  const instant = parseInstantOrNaN(text);
  if (Number.isNaN(instant)) throw notADateTime(field);
  return instant;
}

/** The local day of a calendar date `YYYY-MM-DD` (a date has no zone), or NaN. */
export function parseLocalDateOrNaN(text: string): number {
  const year = fourDigitsAt(text, 0);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const wellFormed =
    text.length === 10 &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    year >= 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month);
  return wellFormed ? daysFromCivil(year, month, day) : NaN;
}

export function notACalendarDate(field: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${fieldLabel(field)}: not a calendar date`, {
    issues: [{ path: field, message: 'must be a calendar date YYYY-MM-DD' }],
  });
}

/** The local day of a calendar date `YYYY-MM-DD` (a date has no zone; it is already local). */
export function parseLocalDate(text: string, field: string): number {
  const day = parseLocalDateOrNaN(text);
  if (Number.isNaN(day)) throw notACalendarDate(field);
  return day;
}

/**
 * Whether a person born on `birthDay` is still under `years` on local day `onDay`. A birthday of
 * 29 February falls on 1 March in other years (the later reading keeps a child's protections).
 */
export function isUnderAge(birthDay: number, years: number, onDay: number): boolean {
  const birth = civilFromDays(birthDay);
  return onDay < daysFromCivil(birth.year + years, birth.month, birth.day);
}

/**
 * Age in whole years on local day `onDay`: a birthday is reached on its date, and 29 February
 * birthdays on 1 March in other years (as `isUnderAge`).
 */
export function ageOn(birthDay: number, onDay: number): number {
  const birth = civilFromDays(birthDay);
  const on = civilFromDays(onDay);
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}
