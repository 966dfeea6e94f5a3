import { describe, expect, it } from 'vitest';
import { rowRanges } from './row-ranges.ts';

describe('the rows an import could not check, as a programme manager reads them', () => {
  const ranges = [
    { firstRow: 2, lastRow: 501 },
    { firstRow: 1002, lastRow: 1501 },
    { firstRow: 1700, lastRow: 1700 },
  ];

  it('in English: ranges with a dash, grouped thousands, and "and" (Indian English: no serial comma)', () => {
    expect(rowRanges(ranges, 'en', 'latin')).toBe('2–501, 1,002–1,501 and 1,700');
  });

  it('in Bengali and Hindi, in the digits she chose, joined with her language’s "and"', () => {
    expect(rowRanges(ranges, 'bn', 'native')).toBe('২–৫০১, ১,০০২–১,৫০১ এবং ১,৭০০');
    expect(rowRanges(ranges.slice(0, 2), 'hi', 'latin')).toBe('2–501 और 1,002–1,501');
  });
});
