import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { getJson } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useTrainingsT } from './trainings.api.ts';

interface Verification {
  valid: boolean;
  certificate: { name: string; programme: string; startsOn: string; endsOn: string } | null;
}

/** Public: anyone holding a certificate may confirm its code; nothing else is shown. */
export function VerifyCertificatePage() {
  const { t } = useTrainingsT();
  const [code, setCode] = useState('');
  const check = useMutation({
    mutationFn: () => getJson<Verification>(`/api/certificates/${encodeURIComponent(code.trim())}`),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    check.mutate();
  };
  return (
    <Stack gap="lg" maw={560}>
      <Title order={2}>{t('verify.title')}</Title>
      <Text>{t('verify.intro')}</Text>
      <form onSubmit={submit} aria-label={t('verify.title')}>
        <Group align="flex-end">
          <TextInput
            label={t('verify.code')}
            required
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
          />
          <Button type="submit" loading={check.isPending}>
            {t('verify.submit')}
          </Button>
        </Group>
      </form>
      {check.error && <ErrorAlert error={check.error} />}
      {check.data?.valid && check.data.certificate && (
        <Alert color="green" title={t('verify.valid')}>
          {t('verify.details', {
            name: check.data.certificate.name,
            programme: check.data.certificate.programme,
            from: check.data.certificate.startsOn,
            to: check.data.certificate.endsOn,
          })}
        </Alert>
      )}
      {check.data && !check.data.valid && <Alert color="red">{t('verify.invalid')}</Alert>}
    </Stack>
  );
}
