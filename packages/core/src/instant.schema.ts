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
