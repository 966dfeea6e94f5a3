import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format.ts';

describe('a date and time in the reader’s language', () => {
  const evening = '2026-12-05T14:05:09Z'; // 19:35 in Kolkata

  it('names the part of the day in Bengali and Hindi, with no Latin AM or PM', () => {
    const bengali = formatDateTime(evening, 'bn-IN-u-nu-beng');
    const hindi = formatDateTime(evening, 'hi-IN-u-nu-latn');
    expect(bengali).not.toMatch(/[A-Za-z]/);
    expect(bengali).toContain('সন্ধ্যা');
    expect(bengali).toContain('৭:৩৫');
    expect(hindi).not.toMatch(/[A-Za-z]/);
    expect(hindi).toContain('शाम 7:35');
  });

  it('keeps the usual English form, in Kolkata time', () => {
    expect(formatDateTime(evening, 'en-IN')).toMatch(/5 Dec 2026, 7:35:09\s?pm/i);
  });
});
