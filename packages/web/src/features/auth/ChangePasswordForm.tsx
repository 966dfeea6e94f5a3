import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import {
  describePasswordProblem,
  MIN_PASSWORD_LENGTH,
  PASSWORD_PROBLEMS,
  type PasswordProblem,
} from '@dawn/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { isApiError } from '../../app/api.ts';
import { authApi, type SessionView } from './auth.api.ts';

/** The server's rule (NIST SP 800-63B): length, not composition; it also refuses common ones. */
const MINIMUM_LENGTH = MIN_PASSWORD_LENGTH;

/** The server says why in English (core's words); find which rule it was, to say it translated. */
function problemOf(message: string): PasswordProblem | undefined {
  return PASSWORD_PROBLEMS.find((problem) => describePasswordProblem(problem) === message);
}

export function ChangePasswordForm({ onChanged }: { onChanged: (view: SessionView) => void }) {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const change = useMutation({ mutationFn: authApi.changePassword, onSuccess: onChanged });

  const tooShort = newPassword.length < MINIMUM_LENGTH;
  const mismatch = repeated !== newPassword;
  const serverIssue = isApiError(change.error)
    ? change.error.serverIssueFor('newPassword')
    : undefined;
  // The server answers a wrong current password with an issue on that field.
  const currentIssue =
    isApiError(change.error) && change.error.issueFor('currentPassword') !== undefined
      ? t('auth.password.currentWrong')
      : undefined;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (tooShort || mismatch || !currentPassword) return;
    change.mutate({ currentPassword, newPassword });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PasswordInput
          label={t('auth.password.current')}
          autoComplete="current-password"
          required
          autoFocus
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.currentTarget.value)}
          error={currentIssue}
        />
        <PasswordInput
          label={t('auth.password.new')}
          description={t('auth.password.rules', { count: MINIMUM_LENGTH })}
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(event) => setNewPassword(event.currentTarget.value)}
          error={
            submitted && tooShort
              ? t('auth.password.tooShort', { count: MINIMUM_LENGTH })
              : serverIssue
                ? t(`auth.password.problem.${problemOf(serverIssue) ?? 'other'}`, {
                    count: MINIMUM_LENGTH,
                    detail: serverIssue,
                  })
                : undefined
          }
        />
        <PasswordInput
          label={t('auth.password.repeat')}
          autoComplete="new-password"
          required
          value={repeated}
          onChange={(event) => setRepeated(event.currentTarget.value)}
          error={submitted && mismatch ? t('auth.password.mismatch') : undefined}
        />
        {change.error && !serverIssue && !currentIssue && <ErrorAlert error={change.error} />}
        {change.isSuccess && <Text c="teal">{t('auth.password.changed')}</Text>}
        <Button type="submit" loading={change.isPending}>
          {t('auth.password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
