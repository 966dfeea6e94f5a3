/** Dawn's default zone: the first users work in Kolkata. Deadlines are always computed in it. */
export const DEFAULT_TIME_ZONE = 'Asia/Kolkata';

/** True when the runtime knows the IANA zone name (e.g. `Asia/Kolkata`, `Asia/Dhaka`). */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
