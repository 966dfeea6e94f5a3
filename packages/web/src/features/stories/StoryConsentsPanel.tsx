import { STORY_CHANNELS, type StoryChannel } from '@dawn/core';
import {
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import { formatDate } from '../../app/format.ts';
import { fromKolkataInput, kolkataInputValue } from '../../app/kolkata-time.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { useSession } from '../auth/useSession.ts';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  WITHDRAWAL_REASONS,
  storiesApi,
  storyKeys,
  useStoriesT,
  type StoryConsent,
  type StoryView,
} from './stories.api.ts';

/** Her consent to publish, one line per channel; record one, or withdraw one after asking first. */
export function StoryConsentsPanel({ story }: { story: StoryView }) {
  const { t } = useStoriesT();
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.resolvedLanguage);
  const { can } = useSession();
  const [recording, setRecording] = useState(false);
  const [withdrawing, setWithdrawing] = useState<StoryConsent | undefined>();
  const canWrite = can('consent:write');

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="story-consents-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="story-consents-title">
            {t('consents.title')}
          </Title>
          {canWrite && !recording && (
            <Button size="xs" variant="light" onClick={() => setRecording(true)}>
              {t('consents.record')}
            </Button>
          )}
        </Group>
        {STORY_CHANNELS.map((channel) => {
          const consents = story.consents.filter((consent) => consent.channel === channel);
          const active = consents.find((consent) => consent.active);
          return (
            <Group
              key={channel}
              justify="space-between"
              wrap="wrap"
              data-testid={`consent-${channel}`}
            >
              <Stack gap={0}>
                <Text size="sm" fw={600}>
                  {t(`channels.${channel}`)}
                </Text>
                <Text size="xs" c="dimmed">
                  {active
                    ? t('consents.givenOn', { date: formatDate(active.givenAt, locale) })
                    : consents.some((consent) => consent.withdrawnAt)
                      ? t('consents.withdrawnOn', {
                          date: formatDate(
                            consents.find((consent) => consent.withdrawnAt)?.withdrawnAt ?? '',
                            locale,
                          ),
                        })
                      : t('consents.notGiven')}
                </Text>
              </Stack>
              <Group gap="xs">
                <Badge color={active ? 'teal' : 'gray'} variant="light">
                  {active ? t('consents.active') : t('consents.inactive')}
                </Badge>
                {active && canWrite && (
                  <Button
                    size="compact-xs"
                    color="red"
                    variant="subtle"
                    onClick={() => setWithdrawing(active)}
                  >
                    {t('consents.withdraw')}
                  </Button>
                )}
              </Group>
            </Group>
          );
        })}
        {recording && <ConsentForm story={story} onDone={() => setRecording(false)} />}
      </Stack>
      {withdrawing && (
        <WithdrawDialog
          story={story}
          consent={withdrawing}
          onClose={() => setWithdrawing(undefined)}
        />
      )}
    </Paper>
  );
}

function ConsentForm({ story, onDone }: { story: StoryView; onDone: () => void }) {
  const { t } = useStoriesT();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<StoryChannel>('calendar_print');
  const [givenAt, setGivenAt] = useState(() => kolkataInputValue());
  const [givenBy, setGivenBy] = useState<(typeof CONSENT_GIVERS)[number]>('survivor');
  const [method, setMethod] = useState<(typeof CONSENT_METHODS)[number]>('written');
  const [witnessRole, setWitnessRole] = useState('');
  const record = useMutation({
    mutationFn: () =>
      storiesApi.recordConsent(story.id, {
        channel,
        givenAt: fromKolkataInput(givenAt),
        givenBy,
        method,
        language: story.originalLanguage,
        ...(witnessRole.trim() ? { witnessRole: witnessRole.trim() } : {}),
      }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(storyKeys.detail(story.id), saved);
      await queryClient.invalidateQueries({ queryKey: storyKeys.all });
      onDone();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    record.mutate();
  };
  const issue = (field: string) =>
    isApiError(record.error) ? record.error.issueFor(field) : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <NativeSelect
          label={t('consents.channel')}
          value={channel}
          onChange={(event) => setChannel(event.currentTarget.value as StoryChannel)}
          data={STORY_CHANNELS.map((value) => ({ value, label: t(`channels.${value}`) }))}
        />
        <KolkataDateTimeInput
          label={t('consents.givenAt')}
          value={givenAt}
          onChange={setGivenAt}
          error={issue('givenAt')}
        />
        <NativeSelect
          label={t('consents.givenBy')}
          value={givenBy}
          onChange={(event) =>
            setGivenBy(event.currentTarget.value as (typeof CONSENT_GIVERS)[number])
          }
          data={CONSENT_GIVERS.map((value) => ({ value, label: t(`consents.givers.${value}`) }))}
        />
        <NativeSelect
          label={t('consents.method')}
          value={method}
          onChange={(event) =>
            setMethod(event.currentTarget.value as (typeof CONSENT_METHODS)[number])
          }
          data={CONSENT_METHODS.map((value) => ({ value, label: t(`consents.methods.${value}`) }))}
        />
        <TextInput
          label={t('consents.witnessRole')}
          description={t('consents.witnessRoleHint')}
          value={witnessRole}
          onChange={(event) => setWitnessRole(event.currentTarget.value)}
          error={issue('witnessRole')}
        />
        <ErrorAlert error={record.error} />
        <Group>
          <Button variant="default" onClick={onDone}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" loading={record.isPending}>
            {t('consents.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Withdrawal asks first and says what it does: at once, out of every unprinted edition. */
function WithdrawDialog({
  story,
  consent,
  onClose,
}: {
  story: StoryView;
  consent: StoryConsent;
  onClose: () => void;
}) {
  const { t } = useStoriesT();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<(typeof WITHDRAWAL_REASONS)[number]>('survivor_request');
  const [note, setNote] = useState('');
  const withdraw = useMutation({
    mutationFn: () =>
      storiesApi.withdrawConsent(story.id, consent.id, {
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(storyKeys.detail(story.id), saved);
      await queryClient.invalidateQueries({ queryKey: storyKeys.all });
      await queryClient.invalidateQueries({ queryKey: storyKeys.editions });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('consents.withdrawTitle')} centered>
      <Stack gap="sm">
        <Text size="sm">
          {t(`consents.withdrawEffect.${consent.channel}`, {
            channel: t(`channels.${consent.channel}`),
          })}
        </Text>
        <Text size="sm">{t('consents.withdrawAtOnce')}</Text>
        <NativeSelect
          label={t('consents.reason')}
          value={reason}
          onChange={(event) =>
            setReason(event.currentTarget.value as (typeof WITHDRAWAL_REASONS)[number])
          }
          data={WITHDRAWAL_REASONS.map((value) => ({
            value,
            label: t(`consents.reasons.${value}`),
          }))}
        />
        <Textarea
          label={t('consents.note')}
          description={t('consents.noteHint')}
          value={note}
          maxLength={500}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <ErrorAlert error={withdraw.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button color="red" loading={withdraw.isPending} onClick={() => withdraw.mutate()}>
            {t('consents.confirmWithdraw')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
