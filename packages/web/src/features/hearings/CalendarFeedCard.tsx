import {
  Alert,
  Button,
  Card,
  CopyButton,
  Group,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useLegalCasesT } from '../legal-cases/legal-case-labels.ts';
import { hearingsApi } from './hearings.api.ts';

/**
 * The user's private calendar feed. The server shows the token once, so the URL lives only in this
 * mutation's result (no cache time): creating again replaces it, revoking makes it answer 404.
 */
export function CalendarFeedCard() {
  const { t } = useLegalCasesT();
  const create = useMutation({ mutationFn: hearingsApi.createFeed, gcTime: 0 });
  const revoke = useMutation({
    mutationFn: hearingsApi.revokeFeed,
    onSuccess: () => create.reset(),
  });
  const url = create.data ? `${window.location.origin}${create.data.path}` : undefined;
  return (
    <Card withBorder>
      <Stack>
        <Title order={3}>{t('feed.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('feed.intro')}
        </Text>
        {url && (
          <>
            <Group align="flex-end" wrap="nowrap">
              <TextInput
                label={t('feed.url')}
                value={url}
                readOnly
                style={{ flex: 1 }}
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy}>
                    {copied ? t('feed.copied') : t('feed.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Alert color="yellow">{t('feed.once')}</Alert>
          </>
        )}
        {revoke.isSuccess && !url && (
          <Text c="green.8" role="status">
            {t('feed.revoked')}
          </Text>
        )}
        <ErrorAlert error={create.error ?? revoke.error} />
        <Group>
          <Button
            onClick={() => {
              revoke.reset();
              create.mutate();
            }}
            loading={create.isPending}
          >
            {url ? t('feed.replace') : t('feed.create')}
          </Button>
          <Button
            variant="default"
            color="red"
            onClick={() => revoke.mutate()}
            loading={revoke.isPending}
          >
            {t('feed.revoke')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
