import { Alert } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api.ts';
import { conflictMessage, serverIssueMessage } from './forms/field-messages.ts';

/**
 * A failed request as a person can act on it, in their language. The server's messages are English
 * (for scripts) and are never shown as they are: known codes and phrasings get a translated
 * sentence; refused fields get theirs beside the field (`ApiError.issueFor`).
 */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => errorText(error, t);
}

/** {@link useErrorText}'s sentence, given the translator. */
export function errorText(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('errors.unexpected');
  // A change sent without an answer may be saved already: say so, or it gets sent twice. Sent
  // with its Idempotency-Key, saving again is safe: the server makes it once.
  if (error.mayHaveLanded)
    return t(error.resendIsSafe ? 'errors.writeUnansweredResend' : 'errors.writeUnanswered');
  switch (error.code) {
    case 'RATE_LIMITED': {
      // A lockout names its minutes ("Try again in 4 minutes"); the per-address limiter does not.
      const minutes = /failed attempts.*?(\d+)\s*minute/i.exec(error.message)?.[1];
      return minutes ? t('errors.lockedOut', { count: Number(minutes) }) : t('errors.rateLimited');
    }
    case 'UNAUTHENTICATED':
      return t('errors.unauthenticated');
    case 'NOT_FOUND':
      return t('errors.notFound');
    case 'FORBIDDEN':
      return t('errors.forbidden');
    case 'CONFLICT':
      return conflictMessage(error.message, t);
    case 'LAST_TEAM_MEMBER':
      return t('forms.errors.lastTeamMember');
    case 'VALIDATION_FAILED':
      return error.issues.length > 0
        ? t('errors.validation')
        : serverIssueMessage(error.message, t);
    case 'NETWORK_ERROR':
      return t('errors.network');
    case 'CONSENT_REQUIRED':
      return t('forms.errors.consentRequired');
    case 'PAYLOAD_TOO_LARGE':
      return t('forms.errors.tooLarge');
    case 'UNSUPPORTED_MEDIA_TYPE':
      return t('forms.errors.unsupported');
    case 'SERVICE_UNAVAILABLE':
    case 'INTERNAL':
    case 'HTTP_ERROR':
      return t('errors.server');
  }
}

/**
 * The error in a red alert. A `title` that says the change was not made ("The event was not
 * recorded") is left off when it may have been: no answer came after the change was sent.
 */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const say = useErrorText();
  if (!error) return null;
  const uncertain = isApiError(error) && error.mayHaveLanded;
  return (
    <Alert color={uncertain ? 'orange' : 'red'} role="alert" title={uncertain ? undefined : title}>
      {say(error)}
    </Alert>
  );
}
