import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '@dawn/core';
import { describe, expect, it } from 'vitest';
import { translatorsFor } from '../../i18n/test-translators.ts';
import { actionLabel, detailLabel, detailText, entityLabel } from './audit-text.ts';

const SCRIPT = { en: /^[A-Z]/, bn: /[\u0980-\u09FF]/, hi: /[\u0900-\u097F]/ } as const;

describe('the audit trail says what was done in the reader’s words', () => {
  it('names every action the server records and everything an entry can be about, in three languages', async () => {
    const translators = await translatorsFor();
    const unnamed: string[] = [];
    for (const language of ['en', 'bn', 'hi'] as const) {
      const t = translators[language];
      for (const action of AUDIT_ACTIONS) {
        const label = actionLabel(t, action);
        if (label === action || !SCRIPT[language].test(label))
          unnamed.push(`${language} ${action}`);
      }
      for (const type of AUDIT_ENTITY_TYPES) {
        const label = entityLabel(t, type);
        if (label === type || !SCRIPT[language].test(label)) unnamed.push(`${language} ${type}`);
      }
    }
    expect(unnamed).toEqual([]);
  });

  it('says the codes an entry’s details hold in words, and keeps ids and counts as recorded', async () => {
    const { bn, hi, en } = await translatorsFor();
    expect(detailText(bn, 'bn', 'stage', 'password_change_required')).toBe(
      'নতুন পাসওয়ার্ড বাছাই বাকি',
    );
    expect(detailText(hi, 'hi', 'reason', 'wrong_current_password')).toBe('मौजूदा पासवर्ड गलत था');
    expect(detailText(en, 'en', 'roles', ['social_worker', 'auditor'])).toBe(
      'Social worker, Auditor',
    );
    expect(detailText(bn, 'bn', 'languages', ['bn', 'hi'])).toBe('বাংলা, হিন্দি');
    expect(detailText(hi, 'hi', 'withCounsellingNotes', true)).toBe('हाँ');
    expect(detailText(bn, 'bn', 'count', 12)).toBe('12');
    expect(detailText(bn, 'bn', 'type', 'accused.arrested')).toBe('অভিযুক্ত গ্রেপ্তার');
    expect(detailText(hi, 'hi', 'report', 'chosen_few')).toBe('चुनिंदा अधिकारी');
    expect(detailText(en, 'en', 'previousStatus', 'read_back')).toBe('Read back to her');
    expect(detailText(en, 'en', 'decision', 'different_people')).toBe('Different people');
    expect(detailText(bn, 'bn', 'decision', 'agreed')).toBe('তিনি সম্মত হয়েছেন');
    // A reason someone typed, and an id, stay as they were recorded.
    expect(detailText(en, 'en', 'reason', 'court summons for testimony')).toBe(
      'court summons for testimony',
    );
    expect(detailText(hi, 'hi', 'userId', '0a9d3a43-0000-4000-8000-000000000000')).toBe(
      '0a9d3a43-0000-4000-8000-000000000000',
    );
  });

  it('names an entry’s details, and an id of anything the trail names by that thing', async () => {
    const { bn, hi, en } = await translatorsFor();
    expect(detailLabel(bn, 'stage')).toBe('ধাপ');
    expect(detailLabel(en, 'careCaseId')).toBe('Care case (reference)');
    expect(detailLabel(bn, 'userId')).toBe('ব্যবহারকারী (সূত্র)');
    expect(detailLabel(hi, 'filters')).toBe('फ़िल्टर');
    expect(detailText(hi, 'hi', 'filters', ['userId', 'from'])).toBe('उपयोगकर्ता, से (तारीख)');
  });
});
