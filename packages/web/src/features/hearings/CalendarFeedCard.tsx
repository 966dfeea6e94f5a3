import {
  Alert,
  Button,
  Card,
  CopyButton,
  Group,
  Modal,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { useLegalCasesT } from '../legal-cases/legal-case-labels.ts';
import { hearingsApi } from './hearings.api.ts';

const FEED_STATUS_KEY = ['hearings', 'feed'] as const;

/**
 * The user's private calendar feed. The server shows the token once, so the URL lives only in this
 * mutation's result (no cache time): creating again replaces it, revoking makes it answer 404.
 * Whether she already has one (and when a calendar last read it) is asked of the server, so that
 * making a new address or revoking it, which stops the calendars that use it, asks first.
 */
export function CalendarFeedCard() {
  const { t, i18n } = useLegalCasesT();
  const language = intlLocale(i18n.resolvedLanguage);
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: FEED_STATUS_KEY, queryFn: hearingsApi.feedStatus });
  const [asking, setAsking] = useState<'replace' | 'revoke' | undefined>();
  const changed = () => {
    setAsking(undefined);
    void queryClient.invalidateQueries({ queryKey: FEED_STATUS_KEY });
  };
  const create = useMutation({ mutationFn: hearingsApi.createFeed, gcTime: 0, onSuccess: changed });
  const revoke = useMutation({
    mutationFn: hearingsApi.revokeFeed,
    onSuccess: () => {
      create.reset();
      changed();
    },
  });
  const url = create.data ? `${window.location.origin}${create.data.path}` : undefined;
  const feed = status.data?.feed;
  const makeNew = () => {
    revoke.reset();
    create.mutate();
  };
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
        {feed && !url && (
          <Text size="sm">
            {t('feed.madeOn', { date: formatDateTime(feed.createdAt, language) })}{' '}
            {feed.lastUsedAt
              ? t('feed.lastRead', { date: formatDateTime(feed.lastUsedAt, language) })
              : t('feed.neverRead')}
          </Text>
        )}
        {revoke.isSuccess && !url && (
          <Text c="green.8" role="status">
            {t('feed.revoked')}
          </Text>
        )}
        <ErrorAlert error={status.error ?? (asking ? undefined : (create.error ?? revoke.error))} />
        {status.data && (
          <Group>
            <Button
              onClick={() => (feed ? setAsking('replace') : makeNew())}
              loading={create.isPending && !asking}
            >
              {feed ? t('feed.replace') : t('feed.create')}
            </Button>
            {feed && (
              <Button variant="default" color="red" onClick={() => setAsking('revoke')}>
                {t('feed.revoke')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
      {asking && (
        <Modal opened onClose={() => setAsking(undefined)} title={t(`feed.${asking}Title`)}>
          <Stack>
            <Text>{t(`feed.${asking}Ask`)}</Text>
            <ErrorAlert error={asking === 'replace' ? create.error : revoke.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(undefined)}>
                {t('cancel')}
              </Button>
              <Button
                color="red"
                loading={asking === 'replace' ? create.isPending : revoke.isPending}
                onClick={() => (asking === 'replace' ? makeNew() : revoke.mutate())}
              >
                {t(`feed.${asking}`)}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Card>
  );
}
