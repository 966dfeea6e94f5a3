import {
  careCaseOpeningSchema,
  DEFAULT_INSTRUMENT,
  documentDetailsSchema,
  LEGAL_EVENT_DATA,
  newAssessmentSchema,
  newConsentSchema,
  newPartySchema,
  newUserSchema,
  pastInstantSchema,
  scoreAssessment,
  teamMemberSchema,
} from '@dawn/core';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageCode } from '../../i18n/messages.ts';
import { translatorsFor } from '../../i18n/test-translators.ts';
import { checkWithCore, checkWithSchema } from './field-messages.ts';

let translators: Record<LanguageCode, TFunction>;

beforeAll(async () => {
  translators = await translatorsFor(['forms', 'field-forms-2']);
});

const en = () => translators.en;
const NEXT_YEAR = `${new Date().getFullYear() + 1}-01-10T10:00:00+05:30`;
const A_PERSON = '2b0e7f3a-6d1c-4c55-9a2e-1f4c8d9b7e21';

describe('the forms of issue 12 check what the server checks, before saving, in words', () => {
  it('a case opened next year, or with no age band, is named beside those fields', () => {
    const errors = checkWithSchema(
      careCaseOpeningSchema,
      { person: { sex: 'female', ageBand: '' }, openedAt: NEXT_YEAR },
      en(),
    );
    expect(errors).toEqual({
      'person.ageBand': 'Please fill this in.',
      openedAt: 'This date is in the future. Please give a date that has passed.',
    });
  });

  it('a consent, an assessment and a hearing cannot be dated in the future either', () => {
    const consent = checkWithSchema(
      newConsentSchema,
      {
        purpose: 'services',
        givenAt: NEXT_YEAR,
        givenBy: 'survivor',
        method: 'written',
        language: '',
      },
      en(),
    );
    expect(consent).toEqual({
      givenAt: 'This date is in the future. Please give a date that has passed.',
      language: 'Please fill this in.',
    });
    expect(checkWithSchema(newAssessmentSchema, { assessedAt: '', items: {} }, en())).toEqual({
      assessedAt: 'Please fill this in.',
    });
    expect(checkWithSchema(pastInstantSchema, NEXT_YEAR, en(), 'occurredAt')).toEqual({
      occurredAt: 'This date is in the future. Please give a date that has passed.',
    });
  });

  it('an assessment with items left unscored names each of them', () => {
    const instrument = DEFAULT_INSTRUMENT;
    const errors = checkWithCore(() => scoreAssessment(instrument, {}), en());
    const items = instrument.domains.flatMap((domain) =>
      domain.subDomains.flatMap((subDomain) => subDomain.items.map((item) => item.key)),
    );
    expect(Object.keys(errors).sort()).toEqual(items.map((item) => `items.${item}`).sort());
    expect(new Set(Object.values(errors))).toEqual(new Set(['Please fill this in.']));
  });

  it('an amount with a decimal point asks for a whole number', () => {
    const errors = checkWithSchema(
      LEGAL_EVENT_DATA['compensation.awarded'],
      { victim: 'V1', scheme: 'WB-VCS-2017', amountRupees: 12.5 },
      en(),
      'data',
    );
    expect(errors['data.amountRupees']).toBe(
      'Please give a whole number, without a decimal point.',
    );
  });

  it('an invitation with no role and a mistyped e-mail, and empty pickers', () => {
    expect(
      checkWithSchema(
        newUserSchema,
        { email: 'asha@', displayName: ' ', roles: [], organisationId: A_PERSON },
        en(),
      ),
    ).toEqual({
      email: 'Please give an e-mail address, like name@example.org.',
      displayName: 'Please fill this in.',
      roles: 'Please choose at least 1.',
    });
    expect(checkWithSchema(teamMemberSchema, { userId: '' }, en())).toEqual({
      userId: 'Please fill this in.',
    });
    expect(checkWithSchema(newPartySchema, { role: 'accused', personId: '' }, en())).toEqual({
      personId: 'Please fill this in.',
    });
    expect(checkWithSchema(documentDetailsSchema, { type: '', title: '' }, en())).toEqual({
      type: 'Please fill this in.',
      title: 'Please fill this in.',
    });
  });

  it.each([
    ['bn', /[\u0980-\u09FF]/],
    ['hi', /[\u0900-\u097F]/],
  ] as const)('says all of it in %s, never in English or schema wording', (language, script) => {
    const t = translators[language];
    const messages = [
      ...Object.values(
        checkWithSchema(
          careCaseOpeningSchema,
          { person: { sex: 'female', ageBand: '' }, openedAt: NEXT_YEAR },
          t,
        ),
      ),
      ...Object.values(
        checkWithSchema(
          LEGAL_EVENT_DATA['compensation.awarded'],
          { victim: 'V1', scheme: 'WB-VCS-2017', amountRupees: 12.5 },
          t,
        ),
      ),
      ...Object.values(
        checkWithSchema(newUserSchema, { email: 'x', displayName: '', roles: [] }, t),
      ),
      ...Object.values(checkWithCore(() => scoreAssessment(DEFAULT_INSTRUMENT, {}), t)),
      t('forms.errors.chooseFile'),
    ];
    expect(messages.length).toBeGreaterThan(5);
    for (const message of messages) {
      expect(message).toMatch(script);
      // The e-mail example is the one Latin text a sentence may hold.
      expect(message.replace('name@example.org', '')).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});
