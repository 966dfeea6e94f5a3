import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api.ts';

/**
 * A failed request as a person can act on it. The server's messages are English and never hold
 * personal data; known codes get a translated sentence, validation keeps the server's detail.
 */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => {
    if (!isApiError(error)) return t('errors.unexpected');
    switch (error.code) {
      case 'RATE_LIMITED': {
        // A lockout names its minutes ("Try again in 4 minutes"); the per-address limiter does not.
        const minutes = /failed attempts.*?(\d+)\s*minute/i.exec(error.message)?.[1];
        return minutes
          ? t('errors.lockedOut', { count: Number(minutes) })
          : t('errors.rateLimited');
      }
      case 'UNAUTHENTICATED':
        return t('errors.unauthenticated');
      case 'NOT_FOUND':
        return t('errors.notFound');
      case 'FORBIDDEN':
        return t('errors.forbidden');
      case 'CONFLICT':
        return t('errors.conflict', { detail: error.message });
      case 'VALIDATION_FAILED':
        return t('errors.validation', { detail: error.message });
      case 'NETWORK_ERROR':
        return t('errors.network');
      case 'CONSENT_REQUIRED':
      case 'PAYLOAD_TOO_LARGE':
      case 'UNSUPPORTED_MEDIA_TYPE':
      case 'SERVICE_UNAVAILABLE':
      case 'INTERNAL':
      case 'HTTP_ERROR':
        return t('errors.server', { detail: error.message });
    }
  };
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={title}>
      {errorText(error)}
    </Alert>
  );
}
