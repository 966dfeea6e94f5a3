/** Dates are shown in Kolkata's time, whatever the browser's zone (README: dates in Asia/Kolkata). */
export const DISPLAY_TIME_ZONE = 'Asia/Kolkata';

/**
 * How to write a date with its time of day in `language`. CLDR writes "AM"/"PM" in Latin letters
 * in Bengali and Hindi, an English word in the reader's sentence; there the part of the day is
 * named instead ("৭:৩৫ সন্ধ্যা", "शाम 7:35"). Without `date`, the time of day alone.
 */
export function dateTimeOptions(
  language: string,
  { date, seconds = false }: { date?: 'medium' | 'long'; seconds?: boolean },
): Intl.DateTimeFormatOptions {
  const base = language.slice(0, 2);
  if (base !== 'bn' && base !== 'hi') {
    return { ...(date ? { dateStyle: date } : {}), timeStyle: seconds ? 'medium' : 'short' };
  }
  return {
    ...(date ? { day: 'numeric', month: date === 'long' ? 'long' : 'short', year: 'numeric' } : {}),
    hour: 'numeric',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    dayPeriod: 'short',
  };
}

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    ...dateTimeOptions(language, { date: 'medium', seconds: true }),
    timeZone: DISPLAY_TIME_ZONE,
  }).format(new Date(iso));
}

export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeZone: DISPLAY_TIME_ZONE,
  }).format(new Date(iso));
}

/** The start of a calendar day (YYYY-MM-DD) in Kolkata, as an ISO date-time with offset. */
export function startOfKolkataDay(day: string): string {
  return `${day}T00:00:00+05:30`;
}

/** The start of the day after `day` in Kolkata: the exclusive end of a date range. */
export function startOfNextKolkataDay(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return startOfKolkataDay(next.toISOString().slice(0, 10));
}

/** A country by its ISO code (`BD`), named in the reader's language ("Bangladesh", "বাংলাদেশ"). */
export function regionName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A language by its code (`bn`), named in the reader's language ("Bengali", "বাংলা"). */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
