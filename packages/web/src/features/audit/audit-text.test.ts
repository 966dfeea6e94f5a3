import {
  AUDIT_ACTIONS,
  AUDIT_ENTITY_TYPES,
  CARE_CASE_EVENT_TYPES,
  CARE_CASE_IMPORT_FIELDS,
  DOCUMENT_TYPES,
  FIXED_CONSENT_PURPOSES,
  GUARD_FINDING_KINDS,
  IMPORT_KINDS,
  LEGAL_CASE_IMPORT_FIELDS,
  LEGAL_EVENT_TYPES,
  PARTY_ROLES,
  PERMISSIONS,
  PERSON_IMPORT_FIELDS,
  REVEAL_PURPOSES,
  ROLES,
  STORY_CHANNELS,
  STORY_STATUSES,
  TRAINING_PARTICIPANT_IMPORT_FIELDS,
  USER_STATUSES,
  type ImportKind,
} from '@dawn/core';
import { describe, expect, it } from 'vitest';
import { translatorsFor } from '../../i18n/test-translators.ts';
import {
  actionFamilies,
  actionLabel,
  detailLabel,
  detailText,
  entityLabel,
  familyLabel,
  type AuditEntryContext,
} from './audit-text.ts';

const SCRIPT = { en: /^[A-Z]/, bn: /[\u0980-\u09FF]/, hi: /[\u0900-\u097F]/ } as const;

const IMPORT_FIELDS: Record<ImportKind, readonly string[]> = {
  persons: PERSON_IMPORT_FIELDS,
  care_cases: CARE_CASE_IMPORT_FIELDS,
  legal_cases: LEGAL_CASE_IMPORT_FIELDS,
  training_participants: TRAINING_PARTICIPANT_IMPORT_FIELDS,
};

/** Every code of core's lists, with an entry that records it, by the detail that holds it. */
const CODES: [AuditEntryContext, string, readonly string[]][] = [
  [{ action: 'access.denied' }, 'permission', PERMISSIONS],
  [{ action: 'token.created', entityType: 'api_token' }, 'permissions', PERMISSIONS],
  [{ action: 'user.created', entityType: 'user' }, 'roles', ROLES],
  [{ action: 'user.updated', entityType: 'user' }, 'status', USER_STATUSES],
  [{ action: 'import.started', entityType: 'import_job' }, 'kind', IMPORT_KINDS],
  ...IMPORT_KINDS.map((kind): [AuditEntryContext, string, readonly string[]] => [
    { action: 'import.mapping_saved', details: { kind } },
    'fields',
    IMPORT_FIELDS[kind],
  ]),
  [{ action: 'story.guard_overridden', entityType: 'story' }, 'kind', GUARD_FINDING_KINDS],
  [{ action: 'story.consent_recorded', entityType: 'story' }, 'channel', STORY_CHANNELS],
  [{ action: 'story.texts_saved', entityType: 'story' }, 'status', STORY_STATUSES],
  [{ action: 'consent.recorded', entityType: 'care_case' }, 'purpose', FIXED_CONSENT_PURPOSES],
  [{ action: 'identity.revealed', entityType: 'person' }, 'purpose', REVEAL_PURPOSES],
  [{ action: 'document.uploaded', entityType: 'document' }, 'documentType', DOCUMENT_TYPES],
  [{ action: 'document.uploaded', entityType: 'document' }, 'attachedToType', AUDIT_ENTITY_TYPES],
  [{ action: 'legal_case.party_added', entityType: 'legal_case' }, 'role', PARTY_ROLES],
  [{ action: 'care_case.event_recorded' }, 'type', CARE_CASE_EVENT_TYPES],
  [{ action: 'legal_case.event_recorded' }, 'type', LEGAL_EVENT_TYPES],
];

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

  it('says every code of core’s lists an entry records in words, in three languages', async () => {
    const translators = await translatorsFor();
    const unnamed: string[] = [];
    for (const language of ['en', 'bn', 'hi'] as const)
      for (const [entry, key, codes] of CODES)
        for (const code of codes) {
          const text = detailText(translators[language], language, entry, key, code);
          if (text === code || !SCRIPT[language].test(text))
            unnamed.push(`${language} ${entry.action} ${key} ${code}`);
        }
    expect(unnamed).toEqual([]);
  });

  it('says the codes an entry’s details hold in words, and keeps ids and counts as recorded', async () => {
    const { bn, hi, en } = await translatorsFor();
    const signIn = { action: 'auth.signed_in', entityType: 'user' };
    expect(detailText(bn, 'bn', signIn, 'stage', 'password_change_required')).toBe(
      'নতুন পাসওয়ার্ড বাছাই বাকি',
    );
    const passwordChange = { action: 'auth.password_change_failed', entityType: 'user' };
    expect(detailText(hi, 'hi', passwordChange, 'reason', 'wrong_current_password')).toBe(
      'मौजूदा पासवर्ड गलत था',
    );
    const userCreated = { action: 'user.created', entityType: 'user' };
    expect(detailText(en, 'en', userCreated, 'roles', ['social_worker', 'auditor'])).toBe(
      'Social worker, Auditor',
    );
    const storyCreated = { action: 'story.created', entityType: 'story' };
    expect(detailText(bn, 'bn', storyCreated, 'languages', ['bn', 'hi'])).toBe('বাংলা, হিন্দি');
    const timelineRead = { action: 'care_case.timeline_read', entityType: 'care_case' };
    expect(detailText(hi, 'hi', timelineRead, 'withCounsellingNotes', true)).toBe('हाँ');
    const holidays = { action: 'calendar.holidays_updated' };
    // Counts in the reader's digits and the Indian grouping; a year as a number alone.
    expect(detailText(bn, 'bn-IN-u-nu-latn', holidays, 'count', 12)).toBe('12');
    expect(detailText(bn, 'bn-IN-u-nu-beng', holidays, 'count', 125000)).toBe('১,২৫,০০০');
    expect(detailText(hi, 'hi-IN-u-nu-latn', holidays, 'year', 2026)).toBe('2026');
    // Dates as the page writes them, not as recorded (2025-06-02).
    expect(detailText(en, 'en-IN-u-nu-latn', holidays, 'from', '2025-06-02')).toBe('2 Jun 2025');
    const legalEvent = { action: 'legal_case.event_recorded', entityType: 'legal_case' };
    expect(detailText(bn, 'bn', legalEvent, 'type', 'accused.arrested')).toBe('অভিযুক্ত গ্রেপ্তার');
    const reportViewed = { action: 'report.viewed' };
    expect(detailText(hi, 'hi', reportViewed, 'report', 'chosen_few')).toBe('चुनिंदा अधिकारी');
    const textsSaved = { action: 'story.texts_saved', entityType: 'story' };
    expect(detailText(en, 'en', textsSaved, 'previousStatus', 'read_back')).toBe(
      'Read back to her',
    );
    const decided = { action: 'retrafficking.decided', entityType: 'retrafficking_match' };
    expect(detailText(en, 'en', decided, 'decision', 'different_people')).toBe('Different people');
    const readBack = { action: 'story.read_back_recorded', entityType: 'story' };
    expect(detailText(bn, 'bn', readBack, 'decision', 'agreed')).toBe('তিনি সম্মত হয়েছেন');
    // A reason someone typed, and an id, stay as they were recorded.
    const revealed = { action: 'identity.revealed', entityType: 'person' };
    expect(detailText(en, 'en', revealed, 'reason', 'court summons for testimony')).toBe(
      'court summons for testimony',
    );
    const teamMember = { action: 'care_case.team_member_added', entityType: 'care_case' };
    expect(detailText(hi, 'hi', teamMember, 'userId', '0a9d3a43-0000-4000-8000-000000000000')).toBe(
      '0a9d3a43-0000-4000-8000-000000000000',
    );
  });

  it('says a code by what its entry is: a user’s status is not a story’s, an edition’s fields not a case’s', async () => {
    const { bn, hi, en } = await translatorsFor();
    // status: a user's, a story's, a care plan goal's.
    expect(
      detailText(hi, 'hi', { action: 'user.updated', entityType: 'user' }, 'status', 'disabled'),
    ).toBe('निष्क्रिय');
    expect(
      detailText(
        en,
        'en',
        { action: 'story.image_removed', entityType: 'story' },
        'status',
        'draft',
      ),
    ).toBe('Draft');
    expect(
      detailText(
        bn,
        'bn',
        { action: 'care_plan.updated', entityType: 'care_case' },
        'status',
        'achieved',
      ),
    ).toBe('অর্জিত');
    // fields: an edition's, a legal case's, an import mapping's (named by its kind).
    expect(
      detailText(
        en,
        'en',
        { action: 'edition.updated', entityType: 'calendar_edition' },
        'fields',
        ['title', 'bleedMarks'],
      ),
    ).toBe('Title on the cover, Crop marks for the printer');
    expect(
      detailText(bn, 'bn', { action: 'legal_case.updated', entityType: 'legal_case' }, 'fields', [
        'cnr',
        'courtId',
      ]),
    ).toBe('সিএনআর, আদালত');
    const mappingSaved = { action: 'import.mapping_saved', details: { kind: 'persons' } };
    expect(detailText(hi, 'hi', mappingSaved, 'fields', ['legalName', 'phone'])).toBe('नाम, फ़ोन');
    expect(
      detailText(hi, 'hi', { action: 'care_setting.updated' }, 'changed', ['restored_rule']),
    ).toBe('पुनर्वासित मानने का नियम');
    // kind: a task's, an import's, a guard finding's, a story image's.
    expect(detailText(hi, 'hi', { action: 'task.created' }, 'kind', 'care_plan_review')).toBe(
      'देखभाल योजना की समीक्षा करें',
    );
    expect(detailText(en, 'en', { action: 'task.created' }, 'kind', 'assessment_due')).toBe(
      'Outcome assessment due',
    );
    expect(detailText(bn, 'bn', { action: 'import.finished' }, 'kind', 'legal_cases')).toBe(
      'আইনি মামলা',
    );
    expect(
      detailText(en, 'en', { action: 'story.image_attached' }, 'kind', 'photo_without_face'),
    ).toBe('A photo that does not show her face');
    // role: a legal case's party, not a user's role.
    expect(detailText(hi, 'hi', { action: 'legal_case.party_added' }, 'role', 'accused')).toBe(
      'अभियुक्त',
    );
    expect(
      detailText(hi, 'hi', { action: 'user.created', entityType: 'user' }, 'roles', [
        'legal_officer',
      ]),
    ).toBe('विधि अधिकारी');
    // purpose: a reveal's, a consent's (one to share with an organisation keeps its id).
    expect(
      detailText(hi, 'hi', { action: 'identity.revealed' }, 'purpose', 'court_proceedings'),
    ).toBe('अदालती कार्यवाही');
    expect(detailText(en, 'en', { action: 'retrafficking.compared' }, 'purpose', 'other')).toBe(
      'Other',
    );
    expect(detailText(bn, 'bn', { action: 'consent.recorded' }, 'purpose', 'research_export')).toBe(
      'গবেষণার জন্য তথ্য',
    );
    expect(
      detailText(
        en,
        'en',
        { action: 'consent.withdrawn' },
        'purpose',
        'data_sharing:0a9d3a43-0000-4000-8000-000000000000',
      ),
    ).toBe('Sharing with an organisation (0a9d3a43-0000-4000-8000-000000000000)');
  });

  it('says a refusal’s permission, a failure’s reason and the other codes of the trail in words', async () => {
    const { bn, hi, en } = await translatorsFor();
    expect(detailText(bn, 'bn', { action: 'access.denied' }, 'permission', 'care_case:write')).toBe(
      'কেয়ার কেসে লেখা',
    );
    expect(
      detailText(en, 'en', { action: 'token.created' }, 'permissions', [
        'story:read',
        'import:run',
      ]),
    ).toBe('Read stories, Import spreadsheets');
    const signInFailed = { action: 'auth.sign_in_failed' };
    expect(detailText(hi, 'hi', signInFailed, 'reason', 'wrong_password')).toBe('पासवर्ड गलत था');
    expect(detailText(bn, 'bn', signInFailed, 'reason', 'account_disabled')).toBe(
      'অ্যাকাউন্টটি নিষ্ক্রিয়',
    );
    const withdrawn = { action: 'story.consent_withdrawn', entityType: 'story' };
    expect(detailText(hi, 'hi', withdrawn, 'reason', 'safety_concern')).toBe('सुरक्षा की चिंता');
    expect(detailText(bn, 'bn', withdrawn, 'channel', 'website')).toBe('ওয়েবসাইট');
    // A note someone typed stays as written, and nothing recorded is said as nothing.
    expect(detailText(en, 'en', withdrawn, 'note', 'moved away')).toBe('moved away');
    expect(detailText(bn, 'bn', withdrawn, 'note', null)).toBe('—');
    expect(
      detailText(en, 'en', { action: 'edition.story_removed' }, 'cause', 'consent_withdrawn'),
    ).toBe('her consent was withdrawn');
    expect(detailText(hi, 'hi', { action: 'user.updated' }, 'via', 'cli')).toBe(
      'सर्वर की कमांड लाइन',
    );
    const exported = { action: 'data.exported' };
    expect(detailText(en, 'en', exported, 'dataset', 'ctdc')).toBe('Anonymised (CTDC)');
    expect(detailText(hi, 'hi', exported, 'format', 'jsonl')).toBe('JSON लाइनें');
    const suggested = { action: 'retrafficking.suggested' };
    expect(detailText(bn, 'bn', suggested, 'caseType', 'rescue_operation')).toBe('উদ্ধার অভিযান');
    const uploaded = { action: 'document.uploaded', entityType: 'document' };
    expect(detailText(en, 'en', uploaded, 'documentType', 'court_order')).toBe('Court order');
    const downloaded = { action: 'document.downloaded', entityType: 'document' };
    expect(detailText(bn, 'bn', downloaded, 'reason', 'integrity_check_failed')).toBe(
      'সংরক্ষিত ফাইলটি যাচাইয়ে ঠিক পাওয়া যায়নি',
    );
    // Recorded as a code and the part (counted from 1); older entries as a sentence (from 0).
    const failed = { ...downloaded, details: { check: 'chunk_altered', part: 4 } };
    expect(detailText(bn, 'bn-IN-u-nu-latn', failed, 'check', 'chunk_altered')).toMatch(/4/);
    expect(detailText(bn, 'bn-IN-u-nu-latn', failed, 'check', 'chunk_altered')).not.toMatch(
      /[A-Za-z]/,
    );
    expect(detailLabel(hi, 'part')).toBe('फ़ाइल का भाग');
    expect(detailText(hi, 'hi', downloaded, 'check', 'chunk 3 is missing')).toBe(
      'फ़ाइल का भाग 4 गायब है',
    );
    const registered = { action: 'webhook_endpoint.registered' };
    expect(detailText(bn, 'bn', registered, 'eventTypes', ['story.withdrawn'])).toBe(
      'একটি গল্প প্রত্যাহার করা হয়',
    );
    const rescue = { action: 'rescue_operation.created', entityType: 'rescue_operation' };
    expect(detailText(hi, 'hi', rescue, 'legalBasis', 'ITPA:16')).toBe(
      'ITPA धारा 16 (मजिस्ट्रेट के आदेश पर बचाव)',
    );
    const legalCase = { action: 'legal_case.created', entityType: 'legal_case' };
    expect(detailText(bn, 'bn', legalCase, 'offences', ['BNS:143(4)', 'XYZ:1'])).toBe(
      'BNS:143(4) (শিশু পাচার), XYZ:1',
    );
  });

  it('names an entry’s details, and an id of anything the trail names by that thing', async () => {
    const { bn, hi, en } = await translatorsFor();
    expect(detailLabel(bn, 'stage')).toBe('ধাপ');
    expect(detailLabel(en, 'careCaseId')).toBe('Care case (reference)');
    expect(detailLabel(bn, 'userId')).toBe('ব্যবহারকারী (সূত্র)');
    expect(detailLabel(hi, 'filters')).toBe('फ़िल्टर');
    expect(detailLabel(hi, 'displayNameChanged')).toBe('नाम बदला गया');
    expect(detailLabel(bn, 'code')).toBe('কেস কোড');
    const searched = { action: 'audit.searched' };
    expect(detailText(hi, 'hi', searched, 'filters', ['userId', 'from'])).toBe(
      'उपयोगकर्ता, से (तारीख)',
    );
    // The operator's `dawn audit list --org … --since …`, read in that organisation's trail.
    expect(detailText(bn, 'bn', searched, 'filters', ['org', 'action', 'since', 'until'])).toBe(
      'সংস্থা, কাজ, থেকে (তারিখ), পর্যন্ত (তারিখ)',
    );
    expect(detailText(bn, 'bn', searched, 'via', 'cli')).toMatch(/[\u0980-\u09FF]/);
  });

  it('names every kind of action an auditor may read at once, in three languages', async () => {
    const translators = await translatorsFor();
    const families = actionFamilies(AUDIT_ACTIONS);
    expect(families).toEqual(expect.arrayContaining(['auth.', 'story.', 'legal_case.']));
    const unnamed = (['en', 'bn', 'hi'] as const).flatMap((language) =>
      families
        .filter((family) => {
          const label = familyLabel(translators[language], family);
          return label === family || !SCRIPT[language].test(label);
        })
        .map((family) => `${language} ${family}`),
    );
    expect(unnamed).toEqual([]);
    expect(familyLabel(translators.hi, 'story.')).toBe('कहानियों से जुड़ी सभी कार्रवाइयाँ');
    expect(familyLabel(translators.en, 'auth.')).toBe('Every action on sign-in and passwords');
  });
});
