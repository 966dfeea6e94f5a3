import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  List,
  Loader,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { authApi, type SessionView } from './auth.api.ts';

/**
 * Enrolment in three steps: scan the QR code (or type the secret), confirm with a code, then keep
 * the recovery codes, which are shown only here. The new session is handed on only after the
 * person says the codes are kept, so navigating away cannot hide them by accident.
 */
export function TwoFactorEnrolment({ onDone }: { onDone: (view: SessionView) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  // A secret is not data to keep around: never cached beyond this screen, never refetched.
  const enrolment = useQuery({
    queryKey: ['auth', 'enrolment'],
    queryFn: authApi.startEnrolment,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const confirm = useMutation({ mutationFn: authApi.confirmEnrolment, gcTime: 0 });

  if (confirm.data) {
    const { recoveryCodes, ...view } = confirm.data;
    return <RecoveryCodes codes={recoveryCodes} onContinue={() => onDone(view)} />;
  }
  if (enrolment.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (enrolment.isError) return <ErrorAlert error={enrolment.error} />;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    confirm.mutate(code.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{t('auth.enrol.scan')}</Text>
        <Image
          src={enrolment.data.qrCodeDataUrl}
          alt={t('auth.enrol.qrAlt')}
          w={220}
          h={220}
          fit="contain"
        />
        <Text size="sm">{t('auth.enrol.manual')}</Text>
        <Group gap="xs">
          <Code data-testid="totp-secret" fz="md">
            {enrolment.data.secret}
          </Code>
          <CopyButton value={enrolment.data.secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <TextInput
          label={t('auth.enrol.code')}
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
        />
        <ErrorAlert error={confirm.error} />
        <Button type="submit" loading={confirm.isPending} disabled={!/^\d{6}$/.test(code.trim())}>
          {t('auth.enrol.confirm')}
        </Button>
      </Stack>
    </form>
  );
}

function RecoveryCodes({ codes, onContinue }: { codes: string[]; onContinue: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="teal" title={t('auth.enrol.doneTitle')} role="status">
        {t('auth.enrol.recoveryIntro')}
      </Alert>
      <List data-testid="recovery-codes" ff="monospace" spacing={4}>
        {codes.map((recoveryCode) => (
          <List.Item key={recoveryCode}>{recoveryCode}</List.Item>
        ))}
      </List>
      <Text size="sm" c="dimmed">
        {t('auth.enrol.recoveryHint')}
      </Text>
      <Group>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="light" onClick={copy}>
              {copied ? t('common.copied') : t('auth.enrol.copyCodes')}
            </Button>
          )}
        </CopyButton>
        <Button variant="light" onClick={() => window.print()}>
          {t('auth.enrol.printCodes')}
        </Button>
        <Button onClick={onContinue}>{t('auth.enrol.continue')}</Button>
      </Group>
    </Stack>
  );
}
