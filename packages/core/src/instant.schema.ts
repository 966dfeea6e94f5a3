import { z } from 'zod';

/** An instant with its offset (`2025-03-03T23:30:00+05:30`); impossible dates are refused. */
export const instantSchema = z.iso
  .datetime({
    offset: true,
    message: 'must be a date and time with its offset, e.g. 2025-03-03T23:30:00+05:30',
  })
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date');

/** A minute's grace, so a form filled in "now" on a clock a little ahead is not refused. */
export const CLOCK_GRACE_MS = 60_000;

/**
 * An instant that has already happened: what a form records (a case opened, consent given, an
 * assessment made). The server and the browser check it alike, so the browser names it first.
 */
export const pastInstantSchema = instantSchema.refine((value) => {
  const time = Date.parse(value);
  return Number.isNaN(time) || time <= Date.now() + CLOCK_GRACE_MS;
}, 'is in the future');

/**
 * A calendar day (`2025-03-03`), as a period's ends and the days forms record: between 1900 and
 * 2199. Anything outside is a slip of the keyboard, and PostgreSQL's date arithmetic overflows
 * near year 1, so the request is refused beside its field instead of failing on the server.
 */
export const calendarDaySchema = z.iso
  .date({ error: 'must be a date YYYY-MM-DD' })
  .refine(
    (value) => value >= '1900-01-01' && value <= '2199-12-31',
    'must be a day between 1900 and 2199',
  );
