import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { TwoFactorEnrolment } from './TwoFactorEnrolment.tsx';
import { useSession } from './useSession.ts';

/** Your account: change your password, and turn on two-factor sign-in if it is not on yet. */
export function AccountPage() {
  const { t } = useTranslation();
  const { session, update } = useSession();
  const [enrolling, setEnrolling] = useState(false);
  if (!session) return null;
  return (
    <Stack maw={640} gap="lg">
      <Stack gap={4}>
        <Title order={2}>{t('auth.account.title')}</Title>
        <Text c="dimmed">
          {session.user.displayName} · {session.user.email}
        </Text>
      </Stack>
      <Card withBorder padding="lg">
        <Title order={3} size="h4" mb="sm">
          {t('auth.password.title')}
        </Title>
        <ChangePasswordForm onChanged={update} />
      </Card>
      <Card withBorder padding="lg">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">
            {t('auth.enrol.title')}
          </Title>
          <Badge color={session.user.twoFactorEnabled ? 'teal' : 'gray'}>
            {session.user.twoFactorEnabled ? t('auth.enrol.on') : t('auth.enrol.off')}
          </Badge>
        </Group>
        {session.user.twoFactorEnabled ? (
          <Text>{t('auth.enrol.enabledBody')}</Text>
        ) : enrolling ? (
          <TwoFactorEnrolment
            onDone={(view) => {
              setEnrolling(false);
              update(view);
            }}
          />
        ) : (
          <Button w="fit-content" onClick={() => setEnrolling(true)}>
            {t('auth.enrol.start')}
          </Button>
        )}
      </Card>
    </Stack>
  );
}
