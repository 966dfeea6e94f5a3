import { describe, expect, it } from 'vitest';
import {
  knowledgeGain,
  meanKnowledgeGain,
  normaliseVerificationCode,
  parseCadre,
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

  it('a cadre is read as participant lists write it in English', () => {
    expect(parseCadre('CWC member')).toBe('cwc_member');
    expect(parseCadre(' Public-Prosecutor ')).toBe('prosecutor');
    expect(parseCadre('labour_department')).toBe('labour_department');
    expect(parseCadre('astronaut')).toBeUndefined();
  });
});
