/**
 * Dates, phone numbers and identity numbers in a story, in Latin, Bengali and Devanagari digits
 * and with the month names of all three languages.
 */

const DIGIT_MAP: Readonly<Record<string, string>> = Object.fromEntries(
  ['০১২৩৪৫৬৭৮৯', '०१२३४५६७८९'].flatMap((digits) =>
    Array.from(digits).map((digit, value): [string, string] => [digit, String(value)]),
  ),
);

export function asciiDigits(text: string): string {
  return Array.from(text)
    .map((char) => DIGIT_MAP[char] ?? char)
    .join('');
}

const DIGIT = '[0-9০-৯०-९]';
// A run of digits with the separators phones and IDs are written with (+91 98300 12345, 033-2456…).
export const NUMBER_RUN = new RegExp(`\\+?${DIGIT}(?:[\\s\\-./()]{0,2}${DIGIT})+`, 'gu');
// Letters and digits together (voter IDs, passports): WB/01/123/456789, ABC1234567.
export const CODE_LIKE = /\b[A-Za-z]{1,5}[/-]?\d{4,}[A-Za-z0-9/-]*\b/gu;

const MONTHS: readonly string[] = [
  // English, full and short
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  // Bengali (Gregorian months as written in Bengali)
  'জানুয়ারি',
  'জানুয়ারী',
  'ফেব্রুয়ারি',
  'ফেব্রুয়ারী',
  'মার্চ',
  'এপ্রিল',
  'মে',
  'জুন',
  'জুলাই',
  'আগস্ট',
  'অগাস্ট',
  'সেপ্টেম্বর',
  'অক্টোবর',
  'নভেম্বর',
  'ডিসেম্বর',
  // Bengali calendar months
  'বৈশাখ',
  'জ্যৈষ্ঠ',
  'আষাঢ়',
  'শ্রাবণ',
  'ভাদ্র',
  'আশ্বিন',
  'কার্তিক',
  'অগ্রহায়ণ',
  'পৌষ',
  'মাঘ',
  'ফাল্গুন',
  'চৈত্র',
  // Hindi
  'जनवरी',
  'फ़रवरी',
  'फरवरी',
  'मार्च',
  'अप्रैल',
  'मई',
  'जून',
  'जुलाई',
  'अगस्त',
  'सितंबर',
  'सितम्बर',
  'अक्टूबर',
  'अक्तूबर',
  'नवंबर',
  'नवम्बर',
  'दिसंबर',
  'दिसम्बर',
].map((month) => month.normalize('NFC'));

const MONTH_ALTERNATION = [...MONTHS].sort((left, right) => right.length - left.length).join('|');
// "12 March", "12th March 2019", "March 12", "১২ মার্চ", "१२ मार्च"
export const DAY_MONTH = new RegExp(
  `(?<![\\p{L}\\p{M}0-9০-৯०-९])(?:${DIGIT}{1,2}(?:st|nd|rd|th)?\\s*(?:${MONTH_ALTERNATION})|(?:${MONTH_ALTERNATION})\\.?\\s+${DIGIT}{1,2}(?:st|nd|rd|th)?)(?![\\p{L}\\p{M}0-9০-৯०-९])(?:,?\\s*${DIGIT}{4})?`,
  'giu',
);
// 12/03/2019, 12-3-19, 2019-03-12, 12.03.2019
export const NUMERIC_DATE = new RegExp(
  `(?<!${DIGIT})(?:${DIGIT}{1,2}[/.-]${DIGIT}{1,2}[/.-]${DIGIT}{2,4}|${DIGIT}{4}-${DIGIT}{1,2}-${DIGIT}{1,2})(?!${DIGIT})`,
  'gu',
);

export function normaliseCode(text: string): string {
  return asciiDigits(text)
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase();
}
