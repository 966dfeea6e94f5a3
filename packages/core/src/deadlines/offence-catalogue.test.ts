import { describe, expect, it } from 'vitest';
import {
  OFFENCE_CATALOGUE,
  bailClassOf,
  findOffence,
  offenceBailClass,
  type BailClassOverrides,
} from './offence-catalogue.ts';
import { codeAndParents, parseOffenceCode, type OffenceCode } from './offence-code.ts';

function code(text: string): OffenceCode {
  const parsed = parseOffenceCode(text);
  if (!parsed) throw new Error(`test code ${text} does not parse`);
  return parsed;
}

/** No victim's age known: no age band applies. */
const noVictimUnder = null;
const days = (text: string, overrides: BailClassOverrides = {}, childVictim = false): number =>
  offenceBailClass(code(text), overrides, childVictim ? 12 : noVictimUnder).days;

describe('section codes', () => {
  it('reads statute, section and subsections', () => {
    expect(parseOffenceCode('BNS:143(4)')).toEqual({
      code: 'BNS:143(4)',
      statute: 'BNS',
      section: '143',
      subsections: ['4'],
    });
    expect(parseOffenceCode('IPC:376AB')?.section).toBe('376AB');
    expect(parseOffenceCode('ITPA:5(1)(d)')?.subsections).toEqual(['1', 'd']);
    for (const bad of ['BNS 143', 'bns:143', 'BNS:', 'BNS:143(', ':6', 'POCSO:six']) {
      expect(parseOffenceCode(bad), bad).toBeUndefined();
    }
    expect(codeAndParents(code('BNS:143(4)(a)'))).toEqual([
      'BNS:143(4)(a)',
      'BNS:143(4)',
      'BNS:143',
    ]);
  });
});

describe('offence catalogue: default-bail class (BNSS s.187(3), CrPC s.167(2))', () => {
  it('holds well-formed, unique codes with a source tag each', () => {
    const codes = OFFENCE_CATALOGUE.map((offence) => offence.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const offence of OFFENCE_CATALOGUE) {
      expect(parseOffenceCode(offence.code), offence.code).toBeDefined();
      expect(['T', 'S', 'U']).toContain(offence.confidence);
    }
  });

  it('derives the class from the punishment: life or ≥10 minimum → 90; maximum <10 → 60; else contested 60', () => {
    expect(bailClassOf({ minimumYears: 7, maximum: 'life' })).toEqual({
      days: 90,
      contested: false,
    });
    expect(bailClassOf({ minimumYears: 10, maximum: 14 })).toEqual({ days: 90, contested: false });
    expect(bailClassOf({ minimumYears: 3, maximum: 7 })).toEqual({ days: 60, contested: false });
    expect(bailClassOf({ minimumYears: 7, maximum: 10 })).toEqual({ days: 60, contested: true });
  });

  it('puts the issue’s 90-day offences in the 90-day class: BNS 143(3)–(7), POCSO 4 and 6, ITPA 6, IPC 370(3)–(7)', () => {
    for (const text of [
      'BNS:143(3)',
      'BNS:143(4)',
      'BNS:143(5)',
      'BNS:143(6)',
      'BNS:143(7)',
      'POCSO:4',
      'POCSO:6',
      'POCSO:6(1)',
      'ITPA:6',
      'IPC:370(3)',
      'IPC:370(4)',
      'IPC:370(5)',
      'IPC:370(6)',
      'IPC:370(7)',
    ]) {
      expect(days(text), text).toBe(90);
    }
  });

  it('ITPA 5 with a child victim (under 16, ITPA s.2(aa)) is 90; with a minor (16–18) contested 60; else 60', () => {
    expect(days('ITPA:5', {}, true)).toBe(90);
    const minorOnly = offenceBailClass(code('ITPA:5'), {}, 17);
    expect(minorOnly).toMatchObject({ days: 60, contested: true });
    expect(minorOnly.reason).toContain('victim under 18');
    expect(days('ITPA:5')).toBe(60);
    // The bands end on the birthday: 15 is a child, 16 and 17 a minor, 18 neither.
    expect(offenceBailClass(code('ITPA:5'), {}, 15).days).toBe(90);
    expect(offenceBailClass(code('ITPA:5'), {}, 16)).toMatchObject({ days: 60, contested: true });
    expect(offenceBailClass(code('ITPA:5'), {}, 18)).toMatchObject({ days: 60, contested: false });
  });

  it('puts BNS 143(2), BNS 144, ITPA 3, 4, 7 and 8 in the 60-day class by default, the contested ones marked', () => {
    for (const text of [
      'BNS:143(2)',
      'BNS:144',
      'BNS:144(1)',
      'BNS:144(2)',
      'ITPA:3',
      'ITPA:4',
      'ITPA:7',
      'ITPA:8',
    ]) {
      expect(days(text), text).toBe(60);
    }
    expect(offenceBailClass(code('BNS:143(2)'), {}, noVictimUnder)).toMatchObject({
      contested: true,
    });
    expect(offenceBailClass(code('BNS:144(1)'), {}, noVictimUnder).contested).toBe(true);
    expect(offenceBailClass(code('ITPA:8'), {}, noVictimUnder).contested).toBe(false);
  });

  it('lets configuration set a contested class, for the code and its subsections', () => {
    expect(days('BNS:143(2)', { 'BNS:143(2)': 90 })).toBe(90);
    expect(days('BNS:98', { 'BNS:98': 90 })).toBe(90);
    expect(days('BNS:143(4)', { 'BNS:143': 60 })).toBe(60);
    expect(days('BNS:143(4)', { 'BNS:143': 60, 'BNS:143(4)': 90 })).toBe(90);
    const configured = offenceBailClass(code('BNS:143(2)'), { 'BNS:143(2)': 90 }, noVictimUnder);
    expect(configured).toMatchObject({ configured: true, contested: false });
    expect(configured.reason).toContain('configuration');
  });

  it('finds a subsection through its section, and assumes 60 days for an unknown offence', () => {
    expect(findOffence(code('BNS:64(2)'))?.code).toBe('BNS:64');
    expect(days('BNS:64(2)')).toBe(90);
    const unknown = offenceBailClass(code('BNS:115(2)'), {}, noVictimUnder);
    expect(unknown).toMatchObject({ days: 60, known: false });
    expect(unknown.reason).toContain('not in the offence catalogue');
  });
});
