import { describe, expect, it } from 'vitest';
import { intlLocale } from './number-system.ts';

const rupees = (locale: string) =>
  new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'INR',
    maximumFractionDigits: 0,
  }).format(100000);

describe('a lawyer in Kolkata reads amounts the Indian way in every language', () => {
  it('groups lakhs and crores, in Latin digits unless asked otherwise', () => {
    expect(rupees(intlLocale('en'))).toBe('₹1,00,000');
    expect(rupees(intlLocale('bn'))).toMatch(/1,00,000/);
    expect(rupees(intlLocale('hi'))).toMatch(/1,00,000/);
  });

  it('writes Bengali and Devanagari digits for those who choose them', () => {
    expect(rupees(intlLocale('bn', 'native'))).toMatch(/১,০০,০০০/);
    expect(rupees(intlLocale('hi', 'native'))).toMatch(/१,००,०००/);
    // English has no digits of its own to choose.
    expect(rupees(intlLocale('en', 'native'))).toBe('₹1,00,000');
  });
});
