import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useSession } from '../auth/useSession.ts';
import { storiesApi, storyKeys, useStoriesT } from './stories.api.ts';

/** The stories she chose to tell, on her care case; only for roles that may see stories. */
export function CaseStoriesPanel({ caseId }: { caseId: string }) {
  const { can } = useSession();
  if (!can('story:read')) return null;
  return <CaseStories caseId={caseId} />;
}

function CaseStories({ caseId }: { caseId: string }) {
  const { t } = useStoriesT();
  const { can } = useSession();
  const stories = useQuery({
    queryKey: storyKeys.list({ careCaseId: caseId }),
    queryFn: () => storiesApi.list({ careCaseId: caseId }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-stories-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="case-stories-title">
            {t('caseStories')}
          </Title>
          {can('story:write') && (
            <Button
              size="xs"
              variant="light"
              component={Link}
              to={`/care-cases/${caseId}/stories/new`}
            >
              {t('newStory')}
            </Button>
          )}
        </Group>
        <ErrorAlert error={stories.error} />
        {stories.data?.stories.length === 0 && <Text size="sm">{t('noStories')}</Text>}
        {stories.data?.stories.map((story) => (
          <Group key={story.id} justify="space-between" wrap="wrap">
            <Anchor component={Link} to={`/stories/${story.id}`}>
              {story.publicPseudonym}
            </Anchor>
            <Badge variant="light">{t(`statuses.${story.status}`)}</Badge>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
