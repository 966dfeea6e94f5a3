import { STORY_LANGUAGES, type StoryLanguage } from '@dawn/core';
import {
  Badge,
  Button,
  Code,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import { formatDateTime } from '../../app/format.ts';
import { fromKolkataInput, kolkataInputValue } from '../../app/kolkata-time.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { useSession } from '../auth/useSession.ts';
import { storiesApi, storyKeys, useStoriesT, type StoryView } from './stories.api.ts';

function useLocale(): string {
  const { i18n } = useTranslation();
  return intlLocale(i18n.resolvedLanguage);
}

/** Every saved version of one language with its SHA-256: nothing is overwritten. */
export function VersionsPanel({ story }: { story: StoryView }) {
  const { t } = useStoriesT();
  const locale = useLocale();
  const [language, setLanguage] = useState<StoryLanguage>(story.originalLanguage);
  const languages = STORY_LANGUAGES.filter((code) =>
    story.texts.some((text) => text.language === code),
  );
  const versions = useQuery({
    queryKey: [...storyKeys.versions(story.id, language), story.updatedAt],
    queryFn: () => storiesApi.versions(story.id, language),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="versions-title">
      <Stack gap="sm">
        <Title order={3} id="versions-title">
          {t('versions.title')}
        </Title>
        <SegmentedControl
          value={language}
          onChange={(value) => setLanguage(value)}
          data={languages.map((code) => ({ value: code, label: t(`languages.${code}`) }))}
        />
        <ErrorAlert error={versions.error} />
        <Stack gap="xs" data-testid="story-versions">
          {versions.data?.versions.map((version) => (
            <Paper key={version.version} withBorder p="xs">
              <Group gap="xs" wrap="wrap">
                <Badge variant="light">{t('versions.number', { number: version.version })}</Badge>
                <Text size="xs" c="dimmed">
                  {formatDateTime(version.savedAt, locale)}
                </Text>
              </Group>
              <Text size="xs" mt={4}>
                {t('versions.sha256')}{' '}
                <Code style={{ wordBreak: 'break-all' }} data-testid="version-sha">
                  {version.sha256}
                </Code>
              </Text>
            </Paper>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

/** The read-back record (when, by whom, her decision, the changes she asked for) and a new one. */
export function ReadBackPanel({ story }: { story: StoryView }) {
  const { t } = useStoriesT();
  const locale = useLocale();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [readAt, setReadAt] = useState(() => kolkataInputValue());
  const [language, setLanguage] = useState<StoryLanguage>(story.originalLanguage);
  const [decision, setDecision] = useState<'agreed' | 'changes_requested'>('agreed');
  const [changes, setChanges] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const record = useMutation({
    mutationFn: () =>
      storiesApi.readBack(story.id, {
        readAt: fromKolkataInput(readAt),
        language,
        decision,
        ...(decision === 'changes_requested' ? { changesRequested: changes.trim() } : {}),
      }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(storyKeys.detail(story.id), saved);
      await queryClient.invalidateQueries({ queryKey: storyKeys.all });
      setChanges('');
      setSubmitted(false);
    },
  });
  const changesMissing = decision === 'changes_requested' && changes.trim() === '';
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!changesMissing) record.mutate();
  };
  const issue = (field: string) =>
    isApiError(record.error) ? record.error.issueFor(field) : undefined;
  const blocked = isApiError(record.error) && record.error.status === 409;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="readback-title">
      <Stack gap="sm">
        <Title order={3} id="readback-title">
          {t('readBack.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('readBack.explain')}
        </Text>
        {story.readBacks.length === 0 && <Text size="sm">{t('readBack.none')}</Text>}
        {story.readBacks.length > 0 && (
          <Table.ScrollContainer minWidth={360}>
            <Table data-testid="read-backs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('readBack.when')}</Table.Th>
                  <Table.Th>{t('readBack.by')}</Table.Th>
                  <Table.Th>{t('readBack.decision')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {story.readBacks.map((readBack) => (
                  <Table.Tr key={readBack.readAt}>
                    <Table.Td>
                      {formatDateTime(readBack.readAt, locale)} ·{' '}
                      {t(`languages.${readBack.language}`)}
                    </Table.Td>
                    <Table.Td>{readBack.readByName ?? '—'}</Table.Td>
                    <Table.Td>
                      {t(`readBack.decisions.${readBack.decision}`)}
                      {readBack.changesRequested && (
                        <Text size="xs" c="dimmed">
                          {readBack.changesRequested}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {can('story:write') && story.status === 'draft' && (
          <form onSubmit={submit} noValidate>
            <Stack gap="xs">
              <Group grow wrap="wrap" align="flex-start">
                <KolkataDateTimeInput
                  label={t('readBack.readAt')}
                  value={readAt}
                  onChange={setReadAt}
                  error={issue('readAt')}
                  miw={180}
                />
                <NativeSelect
                  label={t('readBack.language')}
                  value={language}
                  onChange={(event) => setLanguage(event.currentTarget.value as StoryLanguage)}
                  data={STORY_LANGUAGES.map((code) => ({
                    value: code,
                    label: t(`languages.${code}`),
                  }))}
                  miw={140}
                />
              </Group>
              <NativeSelect
                label={t('readBack.herDecision')}
                value={decision}
                onChange={(event) =>
                  setDecision(event.currentTarget.value as 'agreed' | 'changes_requested')
                }
                data={(['agreed', 'changes_requested'] as const).map((value) => ({
                  value,
                  label: t(`readBack.decisions.${value}`),
                }))}
              />
              {decision === 'changes_requested' && (
                <Textarea
                  label={t('readBack.changes')}
                  autosize
                  minRows={2}
                  value={changes}
                  onChange={(event) => setChanges(event.currentTarget.value)}
                  error={
                    (submitted && changesMissing ? t('readBack.changesMissing') : undefined) ??
                    issue('changesRequested')
                  }
                />
              )}
              {blocked ? (
                <Text size="sm" c="red" role="alert">
                  {t('readBack.blocked')}
                </Text>
              ) : (
                <ErrorAlert error={record.error} />
              )}
              <Group>
                <Button type="submit" loading={record.isPending}>
                  {t('readBack.record')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

/** The safeguarding review: a programme manager approves what she agreed to, guard clear. */
export function ApprovalPanel({ story }: { story: StoryView }) {
  const { t } = useStoriesT();
  const locale = useLocale();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const { t: tCommon } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const approve = useMutation({
    mutationFn: () => storiesApi.approve(story.id),
    // Said or refused, the question is answered: a refusal (still identifying) shows on the page.
    onSettled: () => setConfirming(false),
    onSuccess: async (saved) => {
      queryClient.setQueryData(storyKeys.detail(story.id), saved);
      await queryClient.invalidateQueries({ queryKey: storyKeys.all });
    },
  });
  const blocked = isApiError(approve.error) && approve.error.status === 409;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="approval-title">
      <Stack gap="sm">
        <Title order={3} id="approval-title">
          {t('approval.title')}
        </Title>
        {story.approvedAt ? (
          <Text size="sm" data-testid="approved-at">
            {t('approval.approvedAt', { date: formatDateTime(story.approvedAt, locale) })}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {story.status === 'read_back' ? t('approval.waiting') : t('approval.needsReadBack')}
          </Text>
        )}
        {blocked ? (
          <Text size="sm" c="red" role="alert">
            {t('approval.blocked')}
          </Text>
        ) : (
          <ErrorAlert error={approve.error} />
        )}
        {can('story:review') && story.status === 'read_back' && (
          <Group>
            <Button color="teal" onClick={() => setConfirming(true)}>
              {t('approval.approve')}
            </Button>
          </Group>
        )}
        {/* Approving lets the story be printed and published: asked first. */}
        <Modal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title={t('approval.confirmTitle')}
        >
          <Stack>
            <Text size="sm">{t('approval.confirmAsk')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {tCommon('common.cancel')}
              </Button>
              <Button color="teal" loading={approve.isPending} onClick={() => approve.mutate()}>
                {t('approval.approve')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      </Stack>
    </Paper>
  );
}
