import type { TFunction } from 'i18next';

/** i18next reads `:` and `.` as separators, so `BNS:143(4)` is stored as `BNS_143_4_`. */
export function offenceTitleKey(code: string): string {
  return code.replace(/[^A-Za-z0-9]/g, '_');
}

/**
 * An offence's title in the reader's language, from its statute code; a code outside the
 * catalogue keeps the title it came with (the statute's English), or none. Pass `i18n.t`: the
 * titles live outside any screen's key prefix.
 */
export function offenceTitle(t: TFunction, code: string, fallback: string | null = null): string {
  return t(`offenceTitles.${offenceTitleKey(code)}`, { defaultValue: fallback ?? '' });
}
