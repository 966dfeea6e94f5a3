import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as security from './0002-security.ts';
import * as careCases from './0003-care-cases.ts';
import * as legalCases from './0004-legal-cases.ts';
import * as documents from './0005-documents.ts';
import * as notifications from './0006-notifications.ts';
import * as purgeVaultValues from './0007-purge-vault-values.ts';
import * as scaleIndexes from './0008-scale-indexes.ts';
import * as fieldReady from './0009-field-ready.ts';
import * as auditMac from './0011-audit-mac.ts';
import * as stories from './0012-stories.ts';
import * as trainings from './0013-trainings.ts';
import * as keysetLists from './0014-keyset-lists.ts';
import * as auditChainer from './0015-audit-chainer.ts';
import * as authChanges from './0015b-auth-changes.ts';
import * as storyImages from './0018-story-images.ts';
import * as exportsWebhooks from './0019-exports-webhooks.ts';
import * as imports from './0020-imports.ts';
import * as identityIndexScheme from './0021-identity-index-scheme.ts';
import * as retrafficking from './0021b-retrafficking.ts';
import * as networks from './0021c-networks.ts';
import * as webhookEventsOnce from './0023-webhook-events-once.ts';
import * as dashboardReadModel from './0024-dashboard-read-model.ts';
import * as sharedSearch from './0025-shared-search.ts';
import * as legalCaseDeadlineRegime from './0026-legal-case-deadline-regime.ts';
import * as obligationContentHash from './0026b-obligation-content-hash.ts';
import * as identityPairTokens from './0027c-identity-pair-tokens.ts';
import * as alertUnresolvedCase from './0027d-alert-unresolved-case.ts';
import * as pagedLists from './0027f-paged-lists.ts';
import * as importJobTrainingSession from './0028a-import-job-training-session.ts';
import * as dashboardCompensationPlace from './0029c-dashboard-compensation-place.ts';
import * as deadlineSweepState from './0029g-deadline-sweep-state.ts';
import * as dashboardIntervalDays from './0030d-dashboard-interval-days.ts';
import * as writePathIndexes from './0030w-write-path-indexes.ts';
import * as dashboardCountersUnshared from './0031a-dashboard-counters-unshared.ts';
import * as listCounts from './0031c-list-counts.ts';
import * as obligationOrganisationCheck from './0031g-obligation-organisation-check.ts';
import * as dashboardTriggersSkipNothing from './0032e-dashboard-triggers-skip-nothing.ts';
import * as satisfiedDeadlines from './0033c-satisfied-deadlines.ts';
import * as webhookEventOrganisationCheck from './0033d-webhook-event-organisation-check.ts';
import * as openDeadlinesIndex from './0034r-open-deadlines-index.ts';
import * as satisfiedDeadlinesByCase from './0034t-satisfied-deadlines-by-case.ts';
import * as recordingBumpsItsCase from './0035b-recording-bumps-its-case.ts';
import * as personPseudonymTrigramIndex from './0036f-person-pseudonym-trigram-index.ts';
import * as legalCaseOffencesIndex from './0036l-legal-case-offences-index.ts';
import * as dashboardCountersAppended from './0036r-dashboard-counters-appended.ts';
import * as identityPostingsCounted from './0037c-identity-postings-counted.ts';
import * as personPseudonymFolded from './0037d-person-pseudonym-folded.ts';
import * as dashboardFoldByKeyIndex from './0037e-dashboard-fold-by-key-index.ts';
import * as emailLanguage from './0037f-email-language.ts';
import * as obligationConfidenceTags from './0037g-obligation-confidence-tags.ts';
import * as spreadsheetSafeText from './0037h-spreadsheet-safe-text.ts';
import * as idempotentRequests from './0037i-idempotent-requests.ts';
import * as carePlanVersion from './0037j-care-plan-version.ts';
import * as auditSearchIndexes from './0037k-audit-search-indexes.ts';
import * as importFollowUpFailed from './0037l-import-follow-up-failed.ts';
import * as importPersonsAndDecisions from './0037m-import-persons-and-decisions.ts';

/**
 * Every migration, in order. They are code (not files found at run time) so the same list runs on
 * PGlite and PostgreSQL and a bundler can't lose one. Never edit one that has shipped: add another.
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-security': security,
  '0003-care-cases': careCases,
  '0004-legal-cases': legalCases,
  '0005-documents': documents,
  '0006-notifications': notifications,
  '0007-purge-vault-values': purgeVaultValues,
  '0008-scale-indexes': scaleIndexes,
  '0009-field-ready': fieldReady,
  '0011-audit-mac': auditMac,
  '0012-stories': stories,
  '0013-trainings': trainings,
  '0014-keyset-lists': keysetLists,
  '0015-audit-chainer': auditChainer,
  '0015b-auth-changes': authChanges,
  '0018-story-images': storyImages,
  '0019-exports-webhooks': exportsWebhooks,
  '0020-imports': imports,
  '0021-identity-index-scheme': identityIndexScheme,
  '0021b-retrafficking': retrafficking,
  '0021c-networks': networks,
  '0023-webhook-events-once': webhookEventsOnce,
  '0024-dashboard-read-model': dashboardReadModel,
  '0025-shared-search': sharedSearch,
  '0026-legal-case-deadline-regime': legalCaseDeadlineRegime,
  '0026b-obligation-content-hash': obligationContentHash,
  '0027c-identity-pair-tokens': identityPairTokens,
  '0027d-alert-unresolved-case': alertUnresolvedCase,
  '0027f-paged-lists': pagedLists,
  '0028a-import-job-training-session': importJobTrainingSession,
  '0029c-dashboard-compensation-place': dashboardCompensationPlace,
  '0029g-deadline-sweep-state': deadlineSweepState,
  '0030d-dashboard-interval-days': dashboardIntervalDays,
  '0030w-write-path-indexes': writePathIndexes,
  '0031a-dashboard-counters-unshared': dashboardCountersUnshared,
  '0031c-list-counts': listCounts,
  '0031g-obligation-organisation-check': obligationOrganisationCheck,
  '0032e-dashboard-triggers-skip-nothing': dashboardTriggersSkipNothing,
  '0033c-satisfied-deadlines': satisfiedDeadlines,
  '0033d-webhook-event-organisation-check': webhookEventOrganisationCheck,
  '0034r-open-deadlines-index': openDeadlinesIndex,
  '0034t-satisfied-deadlines-by-case': satisfiedDeadlinesByCase,
  '0035b-recording-bumps-its-case': recordingBumpsItsCase,
  '0036f-person-pseudonym-trigram-index': personPseudonymTrigramIndex,
  '0036l-legal-case-offences-index': legalCaseOffencesIndex,
  '0036r-dashboard-counters-appended': dashboardCountersAppended,
  '0037c-identity-postings-counted': identityPostingsCounted,
  '0037d-person-pseudonym-folded': personPseudonymFolded,
  '0037e-dashboard-fold-by-key-index': dashboardFoldByKeyIndex,
  '0037f-email-language': emailLanguage,
  '0037g-obligation-confidence-tags': obligationConfidenceTags,
  '0037h-spreadsheet-safe-text': spreadsheetSafeText,
  '0037i-idempotent-requests': idempotentRequests,
  '0037j-care-plan-version': carePlanVersion,
  '0037k-audit-search-indexes': auditSearchIndexes,
  '0037l-import-follow-up-failed': importFollowUpFailed,
  '0037m-import-persons-and-decisions': importPersonsAndDecisions,
};
