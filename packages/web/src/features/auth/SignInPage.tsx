import { Anchor, Button, Card, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert, useErrorText } from '../../app/ErrorAlert.tsx';
import { isApiError } from '../../app/api.ts';
import { authApi, type SessionView } from './auth.api.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { TwoFactorEnrolment } from './TwoFactorEnrolment.tsx';
import { useSession } from './useSession.ts';

/**
 * Sign-in as the server runs it, one stage at a time: password, then (a forced change of a
 * one-time password), then the authenticator code or enrolment when the role requires 2FA.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { session, update, can } = useSession();
  const location = useLocation();
  // Case workers land on their work, not on the installation page (issue 12 §5).
  const returnTo =
    (location.state as { from?: string } | null)?.from ??
    (can('care_case:read') ? '/my-work' : '/');

  if (session?.stage === 'active') return <Navigate to={returnTo} replace />;

  let step: React.ReactNode;
  switch (session?.stage) {
    case undefined:
      step = <PasswordStep onSignedIn={update} />;
      break;
    case 'two_factor_required':
      step = <SecondFactorStep onVerified={update} />;
      break;
    case 'password_change_required':
      step = (
        <Stack>
          <Title order={2}>{t('auth.forcedChange.title')}</Title>
          <Text>{t('auth.forcedChange.body')}</Text>
          <ChangePasswordForm onChanged={update} />
        </Stack>
      );
      break;
    case 'two_factor_enrolment_required':
      step = (
        <Stack>
          <Title order={2}>{t('auth.enrol.title')}</Title>
          <Text>{t('auth.enrol.required')}</Text>
          <TwoFactorEnrolment onDone={update} />
        </Stack>
      );
      break;
  }
  return (
    <Card withBorder padding="xl" maw={520} mx="auto" mt="lg">
      {step}
    </Card>
  );
}

/**
 * E-mail and password. With `email` given (signing the same person in again), the address is
 * shown and not asked for.
 */
export function PasswordStep({
  onSignedIn,
  email: fixedEmail,
}: {
  onSignedIn: (view: SessionView) => void;
  email?: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [typedEmail, setEmail] = useState('');
  const email = fixedEmail ?? typedEmail;
  const [password, setPassword] = useState('');
  const signIn = useMutation({ mutationFn: authApi.signIn, onSuccess: onSignedIn });

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password });
  };
  const error = signIn.error;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {fixedEmail === undefined && <Title order={2}>{t('auth.signIn.title')}</Title>}
        <TextInput
          label={t('auth.signIn.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          readOnly={fixedEmail !== undefined}
          onChange={(event) => setEmail(event.currentTarget.value)}
          data-autofocus={fixedEmail === undefined ? true : undefined}
          autoFocus={fixedEmail === undefined}
        />
        <PasswordInput
          label={t('auth.signIn.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          data-autofocus={fixedEmail !== undefined ? true : undefined}
        />
        {error && (
          <Text c="red" role="alert">
            {isApiError(error) && error.code === 'UNAUTHENTICATED'
              ? t('auth.signIn.wrongCredentials')
              : errorText(error)}
          </Text>
        )}
        <Button type="submit" loading={signIn.isPending} disabled={!email || !password}>
          {t('auth.signIn.submit')}
        </Button>
      </Stack>
    </form>
  );
}

export function SecondFactorStep({ onVerified }: { onVerified: (view: SessionView) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const verify = useMutation({ mutationFn: authApi.verifySecondFactor, onSuccess: onVerified });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    verify.mutate(code.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={2}>{t('auth.secondFactor.title')}</Title>
        <Text>
          {useRecoveryCode ? t('auth.secondFactor.recoveryHint') : t('auth.secondFactor.hint')}
        </Text>
        <TextInput
          key={useRecoveryCode ? 'recovery' : 'totp'}
          label={
            useRecoveryCode ? t('auth.secondFactor.recoveryCode') : t('auth.secondFactor.code')
          }
          autoComplete="one-time-code"
          inputMode={useRecoveryCode ? 'text' : 'numeric'}
          required
          autoFocus
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
        />
        <ErrorAlert error={verify.error} />
        <Button type="submit" loading={verify.isPending} disabled={code.trim().length < 6}>
          {t('auth.secondFactor.submit')}
        </Button>
        <Anchor
          component="button"
          type="button"
          onClick={() => {
            setUseRecoveryCode(!useRecoveryCode);
            setCode('');
          }}
        >
          {useRecoveryCode ? t('auth.secondFactor.useApp') : t('auth.secondFactor.useRecovery')}
        </Anchor>
      </Stack>
    </form>
  );
}
