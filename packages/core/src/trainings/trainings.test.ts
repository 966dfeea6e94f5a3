import { describe, expect, it } from 'vitest';
import {
  checkParticipantHeader,
  checkParticipantRow,
  knowledgeGain,
  meanKnowledgeGain,
  normaliseVerificationCode,
  sessionDays,
  verificationCode,
} from './index.ts';

describe('trainings', () => {
  it('knowledge gain is the post-test minus the pre-test, once both were taken', () => {
    expect(knowledgeGain(40, 72.5)).toBe(32.5);
    expect(knowledgeGain(null, 72)).toBeNull();
    expect(
      meanKnowledgeGain([
        { preScore: 40, postScore: 70 },
        { preScore: 50, postScore: 60 },
        { preScore: null, postScore: 90 },
      ]),
    ).toEqual({ mean: 20, tested: 2 });
    expect(meanKnowledgeGain([])).toEqual({ mean: null, tested: 0 });
  });

  it('a three-day session has three days', () => {
    expect(sessionDays('2026-02-27', '2026-03-01')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('a verification code reads back whatever the case and dashes', () => {
    const code = verificationCode(new Uint8Array(12).fill(5));
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(normaliseVerificationCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(normaliseVerificationCode('0000-0000-0000')).toBeUndefined();
    expect(normaliseVerificationCode('ABC')).toBeUndefined();
  });

  it('a participant row is read in plain words, or refused with its line and every reason', () => {
    expect(checkParticipantHeader(['official', 'organisation', 'cadre', 'pre_score'])).toEqual([]);
    expect(checkParticipantHeader(['name', 'cadre'])).toEqual([
      'The first line must name the columns; missing: official, organisation.',
      'Unknown column: name. Columns are: official, organisation, cadre, rank, posting, district, pre_score, post_score.',
    ]);
    expect(
      checkParticipantRow(2, {
        official: 'SI Testrani Bose',
        organisation: 'Test Thana',
        cadre: 'CWC member',
        pre_score: '45',
        post_score: '',
      }).row,
    ).toMatchObject({ line: 2, cadre: 'cwc_member', preScore: 45, postScore: null, rank: null });
    expect(
      checkParticipantRow(7, {
        official: '',
        organisation: 'Test Thana',
        cadre: 'astronaut',
        pre_score: '140',
      }).problems,
    ).toEqual([
      {
        line: 7,
        message:
          'Line 7: the official’s name is empty; “astronaut” is not a cadre (police, prosecutor, magistrate, judge, CWC member, DLSA, labour department, shelter staff, other); the pre-test score is not a number from 0 to 100.',
      },
    ]);
  });
});
