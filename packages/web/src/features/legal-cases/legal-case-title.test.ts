import { englishLegalCaseTitle } from '@dawn/core';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageCode } from '../../i18n/messages.ts';
import { translatorsFor } from '../../i18n/test-translators.ts';
import { caseCodeText, legalCaseTitle, networkNodeLabel } from './legal-case-title.ts';

let translators: Record<LanguageCode, TFunction>;

beforeAll(async () => {
  translators = await translatorsFor(['legal-case-title']);
});

describe("a legal case's title in the reader's language", () => {
  const id = '7d0a8f0e-1111-4222-8333-944445555666';
  const fir = { number: '12/A', year: 2026, policeStation: 'Test Fictionganj PS' };

  it.each([
    ['en', 'FIR 12/A/2026, Test Fictionganj PS', 'Legal case 7d0a8f0e'],
    ['bn', 'এফআইআর 12/A/2026, Test Fictionganj PS', 'আইনি মামলা 7d0a8f0e'],
    ['hi', 'एफ़आईआर 12/A/2026, Test Fictionganj PS', 'कानूनी मामला 7d0a8f0e'],
  ] as const)('%s: its FIR, or the start of its id', (language, withFir, withoutFir) => {
    expect(legalCaseTitle(translators[language], fir, id)).toBe(withFir);
    expect(legalCaseTitle(translators[language], null, id)).toBe(withoutFir);
  });

  it('keeps the number, year and station as they are, even where they look like markup', () => {
    const odd = { number: '7', year: 2025, policeStation: 'Test <Qazi> & "Fict" {{x}}' };
    expect(legalCaseTitle(translators.bn, odd, id)).toBe(
      'এফআইআর 7/2025, Test <Qazi> & "Fict" {{x}}',
    );
  });

  it('says in English what the server writes in English for API clients', () => {
    for (const titleFir of [fir, null])
      expect(legalCaseTitle(translators.en, titleFir, id)).toBe(
        englishLegalCaseTitle(titleFir, id),
      );
  });

  it("says a deadline's stored English case code in the reader's language; a care case's as it is", () => {
    expect(caseCodeText(translators.bn, 'legal_case', englishLegalCaseTitle(fir, id))).toBe(
      'এফআইআর 12/A/2026, Test Fictionganj PS',
    );
    expect(caseCodeText(translators.hi, 'legal_case', englishLegalCaseTitle(null, id))).toBe(
      'कानूनी मामला 7d0a8f0e',
    );
    expect(caseCodeText(translators.bn, 'care_case', 'FIR 1/2026, x')).toBe('FIR 1/2026, x');
    expect(caseCodeText(translators.bn, 'legal_case', 'Someone typed this')).toBe(
      'Someone typed this',
    );
  });

  it("names a case node of the network graph by its FIR in the reader's language", () => {
    expect(networkNodeLabel(translators.hi, { kind: 'case', label: 'FIR 12/2026' })).toBe(
      'एफ़आईआर 12/2026',
    );
    expect(networkNodeLabel(translators.bn, { kind: 'case', label: 'FIR 7' })).toBe('এফআইআর 7');
    for (const node of [
      { kind: 'case', label: 'WBKO010012342026' },
      { kind: 'victim', label: 'FIR-like pseudonym' },
      { kind: 'place', label: '#3' },
    ])
      expect(networkNodeLabel(translators.bn, node)).toBe(node.label);
  });
});
