import { DISPLAY_TIME_ZONE } from '../../app/format.ts';

/**
 * Times are entered as Kolkata wall-clock times (a `datetime-local` value) whatever the browser's
 * zone, and sent with their +05:30 offset, so "23:30 on the night of the rescue" means the same
 * thing to everyone.
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;

/** `YYYY-MM-DDTHH:mm` in Kolkata for an instant (default: now), for a datetime-local input. */
export function kolkataInputValue(iso?: string): string {
  const instant = iso ? new Date(iso) : new Date();
  return new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 16);
}

/**
 * A datetime-local value read as Kolkata time, as an instant with its offset; an empty input stays
 * empty, so a form's check says "fill this in" rather than "not a date".
 */
export function fromKolkataInput(local: string): string {
  if (local.trim() === '') return '';
  return `${local.length === 16 ? `${local}:00` : local}+05:30`;
}

/** `YYYY-MM`: the Kolkata calendar month an instant falls in. */
export function kolkataMonthKey(iso: string): string {
  return new Date(new Date(iso).getTime() + IST_OFFSET_MS).toISOString().slice(0, 7);
}

/** "March 2025", in the reader's language. */
export function formatMonth(monthKey: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    month: 'long',
    year: 'numeric',
    timeZone: DISPLAY_TIME_ZONE,
  }).format(new Date(`${monthKey}-15T12:00:00+05:30`));
}
