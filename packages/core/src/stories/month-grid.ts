import type { StoryLanguage } from './story.ts';

/**
 * The month pages of the calendar: weeks of days, with weekday and month names and numerals in the
 * page's language. Weeks start on Sunday, as wall calendars in West Bengal do.
 */
const WEEKDAYS: Readonly<Record<StoryLanguage, readonly string[]>> = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  bn: ['রবি', 'সোম', 'মঙ্গল', 'বুধ', 'বৃহস্পতি', 'শুক্র', 'শনি'],
  hi: ['रवि', 'सोम', 'मंगल', 'बुध', 'गुरु', 'शुक्र', 'शनि'],
};

const MONTH_NAMES: Readonly<Record<StoryLanguage, readonly string[]>> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  bn: [
    'জানুয়ারি',
    'ফেব্রুয়ারি',
    'মার্চ',
    'এপ্রিল',
    'মে',
    'জুন',
    'জুলাই',
    'আগস্ট',
    'সেপ্টেম্বর',
    'অক্টোবর',
    'নভেম্বর',
    'ডিসেম্বর',
  ],
  hi: [
    'जनवरी',
    'फ़रवरी',
    'मार्च',
    'अप्रैल',
    'मई',
    'जून',
    'जुलाई',
    'अगस्त',
    'सितंबर',
    'अक्टूबर',
    'नवंबर',
    'दिसंबर',
  ],
};

const DIGITS: Readonly<Record<StoryLanguage, string>> = {
  en: '0123456789',
  bn: '০১২৩৪৫৬৭৮৯',
  hi: '०१२३४५६७८९',
};

export function weekdayNames(language: StoryLanguage): readonly string[] {
  return WEEKDAYS[language];
}

export function monthName(language: StoryLanguage, month: number): string {
  const name = MONTH_NAMES[language][month - 1];
  if (name === undefined) throw new RangeError(`month ${month} is not 1–12`);
  return name;
}

/** A number written with the language's digits (Bengali ১২, Devanagari १२). */
export function localNumeral(language: StoryLanguage, value: number): string {
  const digits = DIGITS[language];
  return String(value)
    .split('')
    .map((char) => (/\d/.test(char) ? (digits[Number(char)] ?? char) : char))
    .join('');
}

export interface Holiday {
  month: number;
  day: number;
  names: Readonly<Record<StoryLanguage, string>>;
}

export interface GridDay {
  day: number;
  weekday: number;
  holiday?: Holiday;
}

/** The weeks of a month, Sunday first; null where a week starts before the 1st or runs past the end. */
export function monthGrid(
  year: number,
  month: number,
  holidays: readonly Holiday[] = [],
): (GridDay | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weeks: (GridDay | null)[][] = [];
  let week: (GridDay | null)[] = Array.from({ length: first }, () => null);
  for (let day = 1; day <= length; day += 1) {
    const holiday = holidays.find((entry) => entry.month === month && entry.day === day);
    week.push({ day, weekday: (first + day - 1) % 7, ...(holiday ? { holiday } : {}) });
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0)
    weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return weeks;
}

/** India's three national holidays; an installation edits its own table from these. */
export const INDIAN_NATIONAL_HOLIDAYS: readonly Holiday[] = [
  {
    month: 1,
    day: 26,
    names: { en: 'Republic Day', bn: 'প্রজাতন্ত্র দিবস', hi: 'गणतंत्र दिवस' },
  },
  {
    month: 8,
    day: 15,
    names: { en: 'Independence Day', bn: 'স্বাধীনতা দিবস', hi: 'स्वतंत्रता दिवस' },
  },
  {
    month: 10,
    day: 2,
    names: { en: 'Gandhi Jayanti', bn: 'গান্ধী জয়ন্তী', hi: 'गांधी जयंती' },
  },
];
