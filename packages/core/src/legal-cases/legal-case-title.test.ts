import { describe, expect, it } from 'vitest';
import {
  englishLegalCaseTitle,
  legalCaseTitleFir,
  partsOfEnglishLegalCaseTitle,
} from './legal-case-title.ts';

describe("a legal case's title", () => {
  const id = '7d0a8f0e-1111-4222-8333-944445555666';

  it('is its FIR, number, year and station, once the number and year are known', () => {
    const fir = legalCaseTitleFir({
      number: '12',
      year: 2026,
      policeStation: 'Test Fictionganj PS',
    });
    expect(fir).toEqual({ number: '12', year: 2026, policeStation: 'Test Fictionganj PS' });
    expect(englishLegalCaseTitle(fir, id)).toBe('FIR 12/2026, Test Fictionganj PS');
  });

  it('is the start of its id without an FIR, or with an FIR lacking its year', () => {
    expect(legalCaseTitleFir({ number: null, year: null, policeStation: null })).toBeNull();
    expect(legalCaseTitleFir({ number: '12', year: null, policeStation: 'Test PS' })).toBeNull();
    expect(englishLegalCaseTitle(null, id)).toBe('Legal case 7d0a8f0e');
  });

  it('keeps an FIR whose station has no name, as the title always did', () => {
    const fir = legalCaseTitleFir({ number: '3', year: 2025, policeStation: null });
    expect(englishLegalCaseTitle(fir, id)).toBe('FIR 3/2025, ');
  });

  it('is read back into its parts from the English title, for every title core writes', () => {
    const firs = [
      { number: '12', year: 2026, policeStation: 'Test Fictionganj PS' },
      { number: 'IMP-1', year: 2024, policeStation: 'Demo Nadipar Police Station' },
      { number: '12/A', year: 2025, policeStation: 'Test PS, North/2025' },
      { number: '3', year: 2025, policeStation: '' },
      { number: '7', year: 2026, policeStation: 'A station\nwith a line break' },
    ];
    for (const fir of firs)
      expect(partsOfEnglishLegalCaseTitle(englishLegalCaseTitle(fir, id))).toEqual({
        fir,
        idStart: '',
      });
    expect(partsOfEnglishLegalCaseTitle(englishLegalCaseTitle(null, id))).toEqual({
      fir: null,
      idStart: '7d0a8f0e',
    });
  });

  it('leaves text it did not write unread: a care case code, an empty code', () => {
    for (const code of ['CC-2026-0012', '', 'FIR without a year', 'Legal case 7D0A8F0E'])
      expect(partsOfEnglishLegalCaseTitle(code)).toBeUndefined();
  });
});
