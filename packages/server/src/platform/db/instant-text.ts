import { sql, type RawBuilder } from 'kysely';

/**
 * Instants read as text and answered as ISO strings, without a `Date` in between (issue 11).
 *
 * A list that answers timestamps as ISO text used to let the driver parse each one into a `Date`
 * (a regular expression and a date computation per value) and format it back with
 * `toISOString()`: on the deadlines list, 800 timestamps a page, that was about a fifth of the
 * request's CPU. PostgreSQL prints a timestamptz as text as cheaply as it sends it, so the list
 * selects `column::text` and `isoInstant` rewrites PostgreSQL's text into exactly what
 * `toISOString()` of the driver's `Date` gives: milliseconds, cut (not rounded) from the
 * microseconds, in UTC.
 */

/** `column` as PostgreSQL's text of the instant (`2026-12-05 04:00:00.123456+00`). */
export function instantText(column: string): RawBuilder<string> {
  return sql<string>`${sql.ref(column)}::text`;
}

/** The same, for a nullable column. */
export function nullableInstantText(column: string): RawBuilder<string | null> {
  return sql<string | null>`${sql.ref(column)}::text`;
}

// The general form: year (more than four digits after 9999), time, fraction, offset, era.
const INSTANT =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$/;

/**
 * PostgreSQL's text of a timestamptz (DateStyle ISO, the default) as `Date.toISOString()` writes
 * it. A session in UTC (the usual case) takes a path of string slices; any other offset, an era
 * or a long year is computed.
 */
export function isoInstant(text: string): string {
  const length = text.length;
  // `YYYY-MM-DD HH:MM:SS+00` or `YYYY-MM-DD HH:MM:SS.f…+00` (one to six digits).
  if (
    (length === 22 || (length >= 24 && length <= 29 && text.charCodeAt(19) === 46)) &&
    text.charCodeAt(10) === 32 &&
    text.endsWith('+00')
  ) {
    const fraction = length === 22 ? '000' : `${text.slice(20, length - 3)}00`.slice(0, 3);
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
  }
  const parts = INSTANT.exec(text);
  if (!parts) throw new Error('not an instant as PostgreSQL writes one');
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes] =
    parts;
  const era = parts[12];
  // 1 BC is year 0 of the proleptic calendar Date counts in.
  const fullYear = era ? 1 - Number(year) : Number(year);
  const date = new Date(0);
  date.setUTCFullYear(fullYear, Number(month) - 1, Number(day));
  date.setUTCHours(
    Number(hour),
    Number(minute),
    Number(second),
    Number(`${fraction ?? ''}000`.slice(0, 3)),
  );
  const offsetSeconds =
    (sign === '-' ? -1 : 1) *
    (Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(parts[11] ?? 0));
  return new Date(date.getTime() - offsetSeconds * 1000).toISOString();
}

/** `isoInstant` for a nullable column. */
export function isoInstantOrNull(text: string | null): string | null {
  return text === null ? null : isoInstant(text);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));
/** The ISO text `toIndiaIso` writes, from the instant's epoch milliseconds. */
const indiaFromEpoch = (milliseconds: number) =>
  new Date(milliseconds + 330 * 60_000).toISOString().replace('Z', '+05:30');

/**
 * PostgreSQL's text of a timestamptz as India wall time with its offset, exactly what the legal
 * cases' `toIndiaIso` writes of the driver's `Date` (`2026-12-05T09:30:00.123+05:30`): the
 * legal-case list's three instants a row without a `Date` in between (issue 11). A session in
 * UTC with a four-digit year takes a path of slices and a carry of five and a half hours; any
 * other offset, an era or a long year is computed through `isoInstant`.
 */
export function indiaInstant(text: string): string {
  const length = text.length;
  if (!(
    (length === 22 || (length >= 24 && length <= 29 && text.charCodeAt(19) === 46)) &&
    text.charCodeAt(10) === 32 &&
    text.endsWith('+00')
  ))
    return indiaFromEpoch(Date.parse(isoInstant(text)));
  let year = Number(text.slice(0, 4));
  let month = Number(text.slice(5, 7));
  let day = Number(text.slice(8, 10));
  let minute = Number(text.slice(14, 16)) + 30;
  let hour = Number(text.slice(11, 13)) + 5;
  if (minute >= 60) {
    minute -= 60;
    hour += 1;
  }
  if (hour >= 24) {
    hour -= 24;
    day += 1;
    const monthDays = month === 2 && leapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
    if (day > monthDays) {
      day = 1;
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
  }
  // Past 9999 toISOString writes a signed six-digit year: computed.
  if (year > 9999) return indiaFromEpoch(Date.parse(isoInstant(text)));
  const fraction = length === 22 ? '000' : `${text.slice(20, length - 3)}00`.slice(0, 3);
  return `${String(year).padStart(4, '0')}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(hour)}:${twoDigits(minute)}:${text.slice(17, 19)}.${fraction}+05:30`;
}

/** `indiaInstant` for a nullable column. */
export function indiaInstantOrNull(text: string | null): string | null {
  return text === null ? null : indiaInstant(text);
}
