import { digitChoice, intlLocale, type DigitChoice } from '../../i18n/number-system.ts';

/** "2–501 and 1,002–1,501": rows of an import, in the reader's digits and words. */
export function rowRanges(
  ranges: readonly { firstRow: number; lastRow: number }[],
  language: string | undefined,
  choice: DigitChoice = digitChoice(),
): string {
  const locale = intlLocale(language, choice);
  const number = new Intl.NumberFormat(locale);
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(
    ranges.map(({ firstRow, lastRow }) =>
      firstRow === lastRow
        ? number.format(firstRow)
        : `${number.format(firstRow)}–${number.format(lastRow)}`,
    ),
  );
}
