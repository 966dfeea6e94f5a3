import {
  createIndiaPack,
  evaluate,
  type DeadlineInput,
  type DeadlineInputEvent,
  type Obligation,
} from '@dawn/core';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../i18n/messages.ts';
import { messageFiles } from '../../i18n/test-translators.ts';
import { explanationText } from './explanation-text.ts';

const files = messageFiles();

async function translator(language: 'bn' | 'hi') {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { [language]: { translation: messagesFor(language, files) } },
    interpolation: { escapeValue: false },
  });
  return { t: instance.t, formatDate: (value: string) => value.slice(0, 10) };
}

const at = (wallClock: string) => `${wallClock.replace(' ', 'T')}:00+05:30`;
const on = (
  type: string,
  wallClock: string,
  extra: Partial<DeadlineInputEvent> = {},
): DeadlineInputEvent => ({ type, at: at(wallClock), ...extra });

/** Cases that make most rules of the India pack speak: a child and an adult, BNSS and CrPC. */
function cases(): DeadlineInput[] {
  const trial = (fir: string, year: number): DeadlineInputEvent[] => [
    on('fir.registered', fir),
    on('victim.rescued', `${year}-01-02 10:00`, { victim: 'V1' }),
    on('victim.rescued', `${year}-01-02 10:00`, { victim: 'V2' }),
    on('accused.arrested', `${year}-01-03 10:00`, { accused: 'A1' }),
    on('accused.remanded', `${year}-01-03 17:00`, { accused: 'A1', custody: 'judicial' }),
    on('victim.medical_examined', `${year}-01-04 10:00`, { victim: 'V1' }),
    on('victim.intermediate_custody_ordered', `${year}-01-04 12:00`, { victim: 'V2' }),
    on('victim.interim_custody_ordered', `${year}-01-04 13:00`, { victim: 'V2' }),
    on('cwc.age_determination_ordered', `${year}-01-05 10:00`, { victim: 'V1' }),
    on('cwc.transfer_ordered', `${year}-01-05 11:00`, { victim: 'V1' }),
    on('cwc.special_relief_recommended', `${year}-01-05 12:00`, { victim: 'V1' }),
    on('chargesheet.filed', `${year}-02-01 10:00`),
    on('accused.appeared_after_chargesheet', `${year}-02-10 10:00`, { accused: 'A1' }),
    on('court.cognizance', `${year}-02-11 10:00`),
    on('court.charge_hearing', `${year}-02-12 10:00`),
    on('compensation.applied', `${year}-02-13 10:00`, { victim: 'V1' }),
    on('compensation.awarded', `${year}-02-20 10:00`, { victim: 'V1', scheme: 'POCSO-R9' }),
    on('court.arguments_concluded', `${year}-03-01 10:00`),
    on('court.judgment_deferred', `${year}-03-10 10:00`),
    on('court.judgment', `${year}-04-20 10:00`, { outcome: 'acquittal', accused: 'A1' }),
    on('certified_copy.applied', `${year}-04-21 10:00`),
  ];
  const input = (
    fir: string,
    year: number,
    offences: string[],
    forum: string,
    victims: DeadlineInput['case']['victims'],
  ): DeadlineInput => ({
    jurisdiction: 'IN',
    asOf: at(`${year}-12-31 00:00`),
    case: { offences, forum, victims, accused: [{ ref: 'A1' }] },
    events: trial(fir, year),
  });
  return [
    input('2025-01-01 09:30', 2025, ['BNS:64', 'POCSO:6', 'ITPA:5'], 'special-pocso', [
      { ref: 'V1' },
      { ref: 'V2', ageBand: { band: '18-24', on: '2025-01-02' } },
    ]),
    input('2025-01-01 09:30', 2025, ['BNS:143', 'ITPA:5', 'XYZ:1'], 'sessions', [
      { ref: 'V1', ageBand: { band: '15-17', on: '2025-01-02' }, birthYearEstimate: 2009 },
      { ref: 'V2', birthDate: '1990-05-01' },
    ]),
    input('2024-01-01 09:30', 2024, ['IPC:376', 'IPC:370(4)'], 'sessions', [
      { ref: 'V1', birthDate: '2010-05-01' },
      { ref: 'V2', ageBand: { band: '12-14', on: '2024-01-02' } },
    ]),
    input('2025-01-01 09:30', 2025, ['ITPA:4'], 'magistrate', [{ ref: 'V1' }, { ref: 'V2' }]),
  ];
}

function sentencesOf(obligation: Obligation): string[] {
  const { condition, counting, notes } = obligation.explanation;
  return [condition, counting, ...notes];
}

/** Latin words of three letters or more, less statute initials, codes and case-law names. */
function englishWords(text: string): string[] {
  const allowed = new Set(['BNS', 'BNSS', 'CrPC', 'IPC', 'ITPA', 'POCSO', 'FIR', 'Act', 'Art']);
  return (text.match(/[A-Za-z][A-Za-z'’]{2,}/g) ?? []).filter(
    (word) => !allowed.has(word) && !/^[A-Z]{2,}[0-9]*$/.test(word) && word !== 'Limitation',
  );
}

describe('a deadline’s explanation reads in Bengali and in Hindi', () => {
  const obligations = cases().flatMap((input) => evaluate(input).obligations);

  it('the cases make most rules of the pack speak', () => {
    const rules = new Set(obligations.map((obligation) => obligation.rule));
    expect(rules.size).toBeGreaterThan(createIndiaPack().rules.length * 0.6);
  });

  it.each(['bn', 'hi'] as const)(
    '%s: no English is left in a condition, counting or note',
    async (language) => {
      const context = await translator(language);
      const left = new Set<string>();
      for (const obligation of obligations) {
        for (const sentence of sentencesOf(obligation)) {
          const said = explanationText(context, sentence);
          if (englishWords(said).length > 0) left.add(`${sentence} → ${said}`);
        }
      }
      expect([...left]).toEqual([]);
    },
  );

  it.each(['bn', 'hi'] as const)('%s: every rule’s note is translated', async (language) => {
    const context = await translator(language);
    const notes = createIndiaPack()
      .rules.flatMap((rule) => (rule.confidenceNote ? [rule.confidenceNote] : []))
      .map((note) => explanationText(context, note));
    expect(notes.filter((note) => englishWords(note).length > 0)).toEqual([]);
  });

  it('keeps codes, section numbers and dates as they are', async () => {
    const context = await translator('bn');
    expect(
      explanationText(
        context,
        '90 days, the start day counted as day 1, to the end of day 90 (Asia/Kolkata); BNS:64 is in the 90-day class (10 years to life); the remand day counts as day 1 (ED v. Kapil Wadhawan, 2023)',
      ),
    ).toBe(
      '90 দিন, শুরুর দিনকে প্রথম দিন ধরে, 90 নম্বর দিনের শেষ পর্যন্ত (ভারতীয় সময়); BNS:64 ৯০ দিনের শ্রেণিতে পড়ে (10 বছর থেকে যাবজ্জীবন); রিমান্ডের দিনটি প্রথম দিন হিসেবে গোনা হয় (ইডি বনাম কপিল ওয়াধাওয়ান, ২০২৩)',
    );
  });

  it('says each offence of a list with its reason', async () => {
    const context = await translator('hi');
    expect(
      explanationText(
        context,
        'no offence is in the 90-day class (BNS:143: 7 years to 10 years: contested (Kerala HC: 60; a maximum of 10 years or more may be read as 90), 60 assumed; configurable; ITPA:5: 7 years to 14 years (victim under 18))',
      ),
    ).toBe(
      'कोई अपराध 90 दिन की श्रेणी में नहीं है (अपराध BNS:143: 7 से 10 वर्ष: विवादित (केरल हाईकोर्ट: 60; अधिकतम 10 वर्ष या अधिक को 90 पढ़ा जा सकता है), 60 माना गया; कॉन्फ़िगरेशन से बदला जा सकता है; अपराध ITPA:5: 7 से 14 वर्ष (पीड़ित 18 वर्ष से कम))',
    );
  });

  it('leaves a sentence it does not know as the engine wrote it', async () => {
    const context = await translator('hi');
    expect(explanationText(context, 'a rule nobody has translated yet')).toBe(
      'a rule nobody has translated yet',
    );
  });
});
