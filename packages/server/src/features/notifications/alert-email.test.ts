import { CONSEQUENCE_CLASSES, SUPPORTED_LANGUAGES } from '@dawn/core';
import { describe, expect, it } from 'vitest';
import { alertEmail, digestEmail, type EmailedAlert } from './alert-email.ts';

const config = { timeZone: 'Asia/Kolkata', publicUrl: 'https://dawn.example.test' };

// A fictional case: no real FIR, station or person.
const overdue: EmailedAlert = {
  kind: 'deadline_overdue',
  case_type: 'legal_case',
  case_code: 'FIR 12/2025, Test Fictionganj PS',
  rule: 'IN.BNSS.187.chargesheet',
  title: 'File the chargesheet before default bail accrues',
  subject: 'A1',
  due_at: new Date('2025-03-10T18:29:59.999Z'),
};

/** What an e-mail says, as a reader of `language` reads it: each consequence, in every language. */
describe('deadline e-mails in English, Bengali and Hindi', () => {
  it('says what missing a deadline means for every kind of consequence, in every language', () => {
    for (const language of SUPPORTED_LANGUAGES)
      for (const consequence of CONSEQUENCE_CLASSES) {
        const { text } = alertEmail(overdue, consequence, config, language);
        // The state line, the consequence, a blank line, the link, a blank line, the footer.
        expect(text.split('\n'), `${language} ${consequence}`).toHaveLength(6);
      }
  });

  it('writes an English alert as it always has, and names the page where it is changed', () => {
    expect(alertEmail(overdue, 'accused-right-accrues', config)).toEqual({
      subject:
        '[Dawn] Overdue: File the chargesheet before default bail accrues — FIR 12/2025, Test Fictionganj PS',
      text: [
        'File the chargesheet before default bail accrues (A1) in case FIR 12/2025, Test Fictionganj PS was due on 10 Mar 2025, 11:59 pm and is overdue (Asia/Kolkata).',
        'If it is missed, a right of the accused accrues (such as default bail).',
        '',
        'Open Dawn to see the case and how the date was computed: https://dawn.example.test/',
        '',
        'You receive this because you are on the case team. Change how Dawn e-mails you, and in which language, on the Alerts page.',
      ].join('\n'),
    });
  });

  it('names the case and the deadline in Bengali, and a care case by its code', () => {
    const { subject, text } = alertEmail(overdue, 'directory', config, 'bn');
    expect(subject).toBe(
      '[Dawn] সময়সীমা পেরিয়ে গেছে: ডিফল্ট জামিনের অধিকার জন্মানোর আগে চার্জশিট দাখিল করুন — এফআইআর 12/2025, Test Fictionganj PS',
    );
    expect(text).toContain('10 মার্চ, 2025');
    const careCase = { ...overdue, case_type: 'care_case', case_code: 'CC-2025-0007' };
    expect(digestEmail([careCase], config, 'hi').text).toContain('- CC-2025-0007: ');
    // A deadline without a name in the messages keeps its stored title.
    expect(
      alertEmail(
        { ...overdue, rule: 'IN.TEST.unnamed', title: 'A test deadline' },
        'x',
        config,
        'hi',
      ).subject,
    ).toContain('A test deadline');
  });
});
