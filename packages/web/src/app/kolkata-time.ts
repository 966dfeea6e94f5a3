import { DISPLAY_TIME_ZONE } from './format.ts';

/**
 * `<input type="datetime-local">` has no zone. Dawn's users enter times as the clock in Kolkata
 * read them, whatever the browser's zone, and they are sent with their +05:30 offset, so "23:30 on
 * the night of the rescue" means the same instant to everyone. India has kept one offset, with no
 * daylight saving, since 1945, so adding it is exact.
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;

const LOCAL_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** `YYYY-MM-DDTHH:mm` in Kolkata for an instant (default: now), for a datetime-local input. */
export function kolkataInputValue(iso?: string): string {
  const instant = iso ? new Date(iso) : new Date();
  return new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 16);
}

/** Whether a datetime-local value is a whole date and time (an input left half-filled is not). */
export function isKolkataLocal(value: string): boolean {
  return LOCAL_PATTERN.test(value);
}

/**
 * A datetime-local value read as Kolkata time, as an instant with its offset
 * (`2025-01-10T09:30` → `2025-01-10T09:30:00+05:30`); an empty input stays empty, so a form's
 * check says "fill this in" rather than "not a date".
 */
export function fromKolkataInput(local: string): string {
  if (local.trim() === '') return '';
  return `${local.length === 16 ? `${local}:00` : local}+05:30`;
}

/** `YYYY-MM-DD`: the Kolkata calendar day an instant falls on. */
export function kolkataDay(iso: string): string {
  return kolkataInputValue(iso).slice(0, 10);
}

/** `YYYY-MM`: the Kolkata calendar month an instant falls in. */
export function kolkataMonthKey(iso: string): string {
  return kolkataInputValue(iso).slice(0, 7);
}

/** "March 2025", in the reader's language. */
export function formatMonth(monthKey: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    month: 'long',
    year: 'numeric',
    timeZone: DISPLAY_TIME_ZONE,
  }).format(new Date(`${monthKey}-15T12:00:00+05:30`));
}
