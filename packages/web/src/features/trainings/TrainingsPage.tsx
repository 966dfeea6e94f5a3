import { programmeInputSchema } from '@dawn/core';
import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { getJson, isApiError, postJson, queryString } from '../../app/api.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { useSession } from '../auth/useSession.ts';
import {
  CADRES,
  useTrainingsT,
  type ProgrammeDetail,
  type ProgrammeSummary,
} from './trainings.api.ts';

/** Programmes a page of the list shows. */
const PROGRAMMES_PAGE_SIZE = 25;

/** Training programmes for justice officials, and a form to start a new one. */
export function TrainingsPage() {
  const { t, i18n } = useTrainingsT();
  const count = new Intl.NumberFormat(intlLocale(i18n.resolvedLanguage));
  const { can } = useSession();
  const canWrite = can('training:write');
  const pages = useKeysetPages('programmes');
  const programmes = useQuery({
    queryKey: ['trainings', 'programmes', pages.after],
    queryFn: () =>
      getJson<{ programmes: ProgrammeSummary[]; nextCursor: string | null }>(
        `/api/trainings/programmes${queryString({ limit: PROGRAMMES_PAGE_SIZE, after: pages.after })}`,
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="lg">
      <Title order={2}>{t('title')}</Title>
      <Text c="dimmed">{t('intro')}</Text>
      {programmes.isPending && <Loader />}
      {programmes.error && <ErrorAlert error={programmes.error} />}
      {programmes.data && programmes.data.programmes.length === 0 && <Text>{t('none')}</Text>}
      {programmes.data && programmes.data.programmes.length > 0 && (
        <ListTable
          rows={programmes.data.programmes}
          rowKey={(programme) => programme.id}
          label={t('title')}
          minWidth={500}
          busy={programmes.isPlaceholderData}
          columns={[
            {
              key: 'title',
              header: t('programme.title'),
              onCard: 'title',
              cell: (programme) => (
                <Anchor component={Link} to={`/trainings/programmes/${programme.id}`}>
                  {programme.title}
                </Anchor>
              ),
            },
            { key: 'topic', header: t('programme.topic'), cell: (programme) => programme.topic },
            {
              key: 'sessions',
              header: t('programme.sessions'),
              cell: (programme) => count.format(programme.sessions),
            },
            {
              key: 'participants',
              header: t('programme.participants'),
              cell: (programme) => count.format(programme.participants),
            },
          ]}
        />
      )}
      {programmes.data && (programmes.data.programmes.length > 0 || pages.pageIndex > 0) && (
        <KeysetPager
          pages={pages}
          pageSize={PROGRAMMES_PAGE_SIZE}
          rowCount={programmes.data.programmes.length}
          busy={programmes.isPlaceholderData}
          nextCursor={programmes.data.nextCursor}
          label={t('title')}
        />
      )}
      {canWrite && <NewProgrammeForm />}
    </Stack>
  );
}

function NewProgrammeForm() {
  const { t } = useTrainingsT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [topic, setTopic] = useState('');
  const [curriculum, setCurriculum] = useState('');
  const [targetCadres, setTargetCadres] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () =>
      postJson<ProgrammeDetail>('/api/trainings/programmes', {
        title,
        topic,
        curriculum,
        targetCadres,
      }),
    onSuccess: async (programme) => {
      await queryClient.invalidateQueries({ queryKey: ['trainings'] });
      await navigate(`/trainings/programmes/${programme.id}`);
    },
  });
  const error = create.error;
  const fields = useFieldErrors(error);
  const issue = (field: string) => fields.errorFor(field);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // The server's schema, run first: each problem is named beside its field before saving.
    if (!fields.check(programmeInputSchema, { title, topic, curriculum, targetCadres })) return;
    create.mutate();
  };
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label={t('newProgramme')} noValidate>
        <Stack>
          <Title order={3}>{t('newProgramme')}</Title>
          <TextInput
            label={t('programme.title')}
            required
            value={title}
            error={issue('title')}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <TextInput
            label={t('programme.topic')}
            required
            value={topic}
            error={issue('topic')}
            onChange={(event) => setTopic(event.currentTarget.value)}
          />
          <Textarea
            label={t('programme.curriculum')}
            value={curriculum}
            onChange={(event) => setCurriculum(event.currentTarget.value)}
          />
          <Checkbox.Group
            label={t('programme.targetCadres')}
            value={targetCadres}
            onChange={setTargetCadres}
          >
            <Group mt="xs">
              {CADRES.map((cadre) => (
                <Checkbox key={cadre} value={cadre} label={t(`cadres.${cadre}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          {error && !isApiError(error) && <ErrorAlert error={error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
