import { Anchor, Badge, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useSession } from '../auth/useSession.ts';
import { GuardPanel } from './GuardPanel.tsx';
import { storiesApi, storyKeys, useStoriesT } from './stories.api.ts';
import { StoryConsentsPanel } from './StoryConsentsPanel.tsx';
import { StoryEditor } from './StoryEditor.tsx';
import { StoryImagePanel } from './StoryImagePanel.tsx';
import { ApprovalPanel, ReadBackPanel, VersionsPanel } from './StoryReview.tsx';

/** One story: the editor, the guard, the versions, the read-back, the review and her consents. */
export function StoryPage() {
  const { t } = useStoriesT();
  const { can } = useSession();
  const { storyId = '' } = useParams();
  const story = useQuery({
    queryKey: storyKeys.detail(storyId),
    queryFn: () => storiesApi.get(storyId),
  });
  if (story.isPending) return <Loader size="sm" aria-label={t('loading')} />;
  if (story.isError) return <ErrorAlert error={story.error} />;
  const data = story.data;
  return (
    <Stack gap="lg">
      <Group gap="md">
        <Anchor component={Link} to="/stories" size="sm">
          {t('backToStories')}
        </Anchor>
        {can('care_case:read') && (
          <Anchor component={Link} to={`/care-cases/${data.careCaseId}`} size="sm">
            {t('backToCase')}
          </Anchor>
        )}
      </Group>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2}>{t('storyOf', { pseudonym: data.publicPseudonym })}</Title>
          <Text size="sm" c="dimmed">
            {t('toldIn', { language: t(`languages.${data.originalLanguage}`) })}
          </Text>
        </Stack>
        <Badge size="lg" data-testid="story-status">
          {t(`statuses.${data.status}`)}
        </Badge>
      </Group>
      {/* The key remounts the editor with what the server saved after each save. */}
      <StoryEditor key={data.updatedAt} caseId={data.careCaseId} story={data} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <GuardPanel story={data} />
            <ReadBackPanel story={data} />
            <ApprovalPanel story={data} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <StoryConsentsPanel story={data} />
            <StoryImagePanel story={data} />
            <VersionsPanel story={data} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** A new story on a care case: the editor alone until its first save. */
export function NewStoryPage() {
  const { t } = useStoriesT();
  const { caseId = '' } = useParams();
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={`/care-cases/${caseId}`} size="sm">
        {t('backToCase')}
      </Anchor>
      <Title order={2}>{t('newStory')}</Title>
      <Text size="sm" c="dimmed">
        {t('newStoryExplain')}
      </Text>
      <StoryEditor caseId={caseId} />
    </Stack>
  );
}
