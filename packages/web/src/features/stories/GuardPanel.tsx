import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ReasonForm } from '../../app/ReasonForm.tsx';
import { useSession } from '../auth/useSession.ts';
import {
  storiesApi,
  storyKeys,
  useStoriesT,
  type GuardFinding,
  type StoryView,
} from './stories.api.ts';

const CONTEXT = 40;

/**
 * The words the guard flagged, shown inside the story's own sentence. Only the story's text is
 * shown: the record it matched never reaches the browser.
 */
function FlaggedSpan({ finding, story }: { finding: GuardFinding; story: StoryView }) {
  const text = story.texts.find((candidate) => candidate.language === finding.language)?.[
    finding.field
  ];
  if (text === undefined || text.slice(finding.start, finding.end) !== finding.span)
    return <mark>{finding.span}</mark>;
  const from = Math.max(0, finding.start - CONTEXT);
  const to = Math.min(text.length, finding.end + CONTEXT);
  return (
    <Text size="sm" lang={finding.language} component="span">
      {from > 0 && '…'}
      {text.slice(from, finding.start)}
      <mark data-testid="guard-span">{text.slice(finding.start, finding.end)}</mark>
      {text.slice(finding.end, to)}
      {to < text.length && '…'}
    </Text>
  );
}

/** The identity-leak guard's findings on the saved texts, and the programme manager's override. */
export function GuardPanel({ story }: { story: StoryView }) {
  const { t } = useStoriesT();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [overriding, setOverriding] = useState<string | undefined>();
  const guard = useQuery({
    queryKey: [...storyKeys.guard(story.id), story.updatedAt],
    queryFn: () => storiesApi.guard(story.id),
  });
  const override = useMutation({
    mutationFn: ({ findingId, reason }: { findingId: string; reason: string }) =>
      storiesApi.override(story.id, findingId, reason),
    onSuccess: (report) => {
      queryClient.setQueryData([...storyKeys.guard(story.id), story.updatedAt], report);
      setOverriding(undefined);
    },
  });
  const report = guard.data;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="guard-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="guard-title">
            {t('guard.title')}
          </Title>
          <Button
            size="xs"
            variant="light"
            loading={guard.isFetching}
            onClick={() => void guard.refetch()}
          >
            {t('guard.check')}
          </Button>
        </Group>
        <ErrorAlert error={guard.error} />
        {report && report.findings.length === 0 && (
          <Text size="sm" c="teal" data-testid="guard-clear">
            {t('guard.clear')}
          </Text>
        )}
        {report && report.open > 0 && (
          <Text size="sm" c="red" role="status" data-testid="guard-open">
            {t('guard.open', { count: report.open })}
          </Text>
        )}
        {report?.findings.map((finding) => (
          <Paper key={finding.id} withBorder p="xs" data-testid="guard-finding">
            <Stack gap={4}>
              <Group gap="xs" wrap="wrap">
                <Badge color={finding.overridden ? 'gray' : 'red'} variant="light">
                  {t(`guard.kinds.${finding.kind}`)}
                </Badge>
                <Text size="xs" c="dimmed">
                  {t(`languages.${finding.language}`)} · {t(`fields.${finding.field}`)}
                </Text>
                {finding.overridden && (
                  <Badge color="gray" variant="outline">
                    {t('guard.overridden')}
                  </Badge>
                )}
              </Group>
              <FlaggedSpan finding={finding} story={story} />
              {finding.overrideReason && (
                <Text size="xs" c="dimmed">
                  {t('guard.overrideReason', { reason: finding.overrideReason })}
                </Text>
              )}
              {!finding.overridden && can('story:review') && overriding !== finding.id && (
                <Group>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => setOverriding(finding.id)}
                  >
                    {t('guard.override')}
                  </Button>
                </Group>
              )}
              {overriding === finding.id && (
                <ReasonForm
                  text={{
                    explain: t('guard.overrideExplain'),
                    reason: t('guard.reason'),
                    reasonHint: t('guard.reasonHint'),
                    reasonTooShort: t('guard.reasonTooShort'),
                    reasonRefused: (translated) => translated,
                    cancel: t('actions.cancel'),
                    submit: t('guard.overrideSubmit'),
                  }}
                  pending={override.isPending}
                  error={override.error}
                  onSubmit={(reason) => override.mutate({ findingId: finding.id, reason })}
                  onCancel={() => setOverriding(undefined)}
                />
              )}
            </Stack>
          </Paper>
        ))}
        {!report && !guard.error && <Text size="sm">{t('guard.checking')}</Text>}
        {report && report.findings.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('guard.howToFix')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
