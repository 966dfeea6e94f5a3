import { CARE_CASE_EVENT_SCHEMAS, LEGAL_EVENT_DATA } from '@dawn/core';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageCode } from '../../i18n/messages.ts';
import { translatorsFor } from '../../i18n/test-translators.ts';
import {
  checkWithSchema,
  conflictBesideField,
  conflictMessage,
  serverIssueMessage,
} from './field-messages.ts';

let translators: Record<LanguageCode, TFunction>;

beforeAll(async () => {
  translators = await translatorsFor(['forms']);
});

/** What a developer's message looks like: a field path, a schema's wording or a raw code. */
const DEVELOPER_WORDING = /body\.|data\.|Invalid|expected|received|undefined|\w+\.\w+:/;

describe('a social worker who leaves a gap in a form reads what to do, in her language', () => {
  it('names a missing choice beside its field before anything is sent', () => {
    const t = translators.en;
    const errors = checkWithSchema(CARE_CASE_EVENT_SCHEMAS['placement.started'], {}, t, 'data');
    expect(Object.keys(errors).length).toBeGreaterThan(0);
    for (const [field, message] of Object.entries(errors)) {
      expect(field).toMatch(/^data\.\w+/);
      expect(message).toBe('Please fill this in.');
    }
  });

  it.each([
    ['bn', /[\u0980-\u09FF]/],
    ['hi', /[\u0900-\u097F]/],
  ] as const)('says it in %s, without field paths or schema wording', (language, script) => {
    const t = translators[language];
    const errors = checkWithSchema(
      LEGAL_EVENT_DATA['victim.rescued'],
      { rescuedBy: 'x' },
      t,
      'data',
    );
    const messages = Object.values(errors);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message).toMatch(script);
      expect(message).not.toMatch(DEVELOPER_WORDING);
    }
  });

  it('turns the server refusals seen in the field into sentences', () => {
    const t = translators.en;
    expect(serverIssueMessage('Invalid option: expected one of "police"|"ahtu"|"ngo"', t)).toBe(
      'Please choose one of the options.',
    );
    expect(serverIssueMessage('Invalid input: expected array, received undefined', t)).toBe(
      'Please fill this in.',
    );
    expect(serverIssueMessage('is in the future', t)).toBe(
      'This date is in the future. Please give a date that has passed.',
    );
    expect(serverIssueMessage('something nobody foresaw', t)).toBe(
      'This answer was not accepted. Please check it.',
    );
    // An upload whose connection dropped part-way (documents' multipart refusal).
    const cutShort = 'was cut short or is not well-formed multipart/form-data; send the file again';
    expect(serverIssueMessage(cutShort, t)).toBe(
      'The upload was cut short before the whole file arrived; nothing was stored. Check the connection and send the file again.',
    );
    expect(serverIssueMessage(cutShort, translators.bn)).toMatch(/^পুরো ফাইলটি/);
    expect(serverIssueMessage(cutShort, translators.hi)).toMatch(/^पूरी फ़ाइल/);
    const bengali = translators.bn;
    expect(
      conflictMessage('She is still placed in a shelter; end the placement first.', bengali),
    ).toMatch(/[\u0980-\u09FF]/);
    // A form saved twice at once: the server's race answer (platform/http-errors.ts) says so.
    const race =
      'Someone saved the same thing at the same moment. Reload to see what is there now, and try again if it is still needed.';
    expect(conflictMessage(race, bengali)).toContain('একই মুহূর্তে');
    expect(conflictMessage(race, translators.hi)).toContain('उसी क्षण');
    expect(conflictMessage(race, t)).not.toBe(conflictMessage('unforeseen', t));
    // Two people correcting one identity: the later save is refused (persons' If-Match).
    const changed =
      'Her identity was changed by someone else since you opened it; reveal it again to see what is there now, then make your change.';
    const recorded =
      'Someone else recorded her identity while you were writing it; reveal it to see theirs, then make your change.';
    for (const language of ['en', 'bn', 'hi'] as const) {
      const say = translators[language];
      expect(conflictMessage(changed, say)).not.toBe(conflictMessage('unforeseen', say));
      expect(conflictMessage(recorded, say)).not.toBe(conflictMessage('unforeseen', say));
      expect(conflictMessage(changed, say)).not.toBe(conflictMessage(recorded, say));
    }
    expect(conflictMessage(changed, t)).toMatch(/^Someone else changed her identity/);
  });

  it.each([
    ['en', /already a party/],
    ['bn', /[\u0980-\u09FF]/],
    ['hi', /[\u0900-\u097F]/],
  ] as const)(
    'says in %s beside the person picker that the person is already a party',
    (language, sentence) => {
      const t = translators[language];
      const refusal = { code: 'CONFLICT', message: 'This person is already a party to the case.' };
      const beside = conflictBesideField(refusal, { personId: /already a party/i }, t);
      expect(beside?.field).toBe('personId');
      expect(beside?.message).toMatch(sentence);
      expect(beside?.message).not.toMatch(DEVELOPER_WORDING);
      // Another conflict, or a refusal that is not a conflict, stays the form's own message.
      expect(
        conflictBesideField(
          { ...refusal, message: 'The case is closed.' },
          { personId: /party/i },
          t,
        ),
      ).toBeUndefined();
      expect(
        conflictBesideField({ ...refusal, code: 'NOT_FOUND' }, { personId: /party/i }, t),
      ).toBeUndefined();
    },
  );
});
