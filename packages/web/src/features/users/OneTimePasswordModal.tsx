import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A one-time password, shown once: the admin hands it over in person. */
export function OneTimePasswordModal({
  email,
  password,
  onClose,
}: {
  email: string;
  password: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={password !== undefined} onClose={onClose} title={t('users.otp.title')}>
      <Stack>
        <Text>{t('users.otp.body', { email })}</Text>
        <Code data-testid="one-time-password" fz="lg" block>
          {password}
        </Code>
        <Alert color="yellow">{t('users.otp.once')}</Alert>
        <Group justify="flex-end">
          <CopyButton value={password ?? ''}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('common.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
