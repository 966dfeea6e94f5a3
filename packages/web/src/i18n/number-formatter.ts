import type { FormatterModule } from 'i18next';
import { digitChoice, intlLocale, type DigitChoice } from './number-system.ts';

/**
 * Writes a number put into a sentence (`{{count}} overdue`, `{{days}} days late`) as every other
 * number on the screen is written: in the reader's language's grouping and in the digits she chose
 * (১২, not 12, when she chose Bengali digits). Grouped from five digits on (12,345; a year stays
 * 2026). Anything that is not a number is left as it is; i18next still chooses the plural form
 * from the number itself. No sentence of Dawn's names a format (`{{value, format}}`).
 */
export function numberFormatter(choice: () => DigitChoice = digitChoice): FormatterModule {
  return {
    type: 'formatter',
    init: () => undefined,
    add: () => undefined,
    addCached: () => undefined,
    // i18next's type says a string; it passes any other value through to the sentence as is.
    format: (value: unknown, _format, language): string =>
      typeof value === 'number' && Number.isFinite(value)
        ? new Intl.NumberFormat(intlLocale(language, choice()), {
            // ES2023 (Chromium 106): TypeScript's lib here knows only true and false.
            useGrouping: 'min2' as unknown as boolean,
            maximumFractionDigits: 2,
          }).format(value)
        : (value as string),
  };
}
