import { DISPLAY_TIME_ZONE } from '../../app/format.ts';

/**
 * `<input type="datetime-local">` has no zone. Dawn's users record court and police events as the
 * clock in Kolkata read them, whatever the browser's zone, so the value is read as Kolkata time.
 */
const LOCAL_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export function isKolkataLocal(value: string): boolean {
  return LOCAL_PATTERN.test(value);
}

/** `2025-01-10T09:30` (Kolkata) → `2025-01-10T09:30:00+05:30`. */
export function kolkataLocalToIso(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}+05:30`;
}

/** Now, as a `datetime-local` value on Kolkata's clock. */
export function nowInKolkataLocal(now: Date = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: DISPLAY_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The Kolkata calendar day (YYYY-MM-DD) of an instant. */
export function kolkataDay(iso: string): string {
  return nowInKolkataLocal(new Date(iso)).slice(0, 10);
}
