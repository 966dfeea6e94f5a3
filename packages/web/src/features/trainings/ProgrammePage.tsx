import { sessionInputSchema } from '@dawn/core';
import {
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { getJson, isApiError, postJson } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { intlLocale } from '../../i18n/number-system.ts';
import { useSession } from '../auth/useSession.ts';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import {
  PARTNER_INSTITUTIONS,
  useTrainingsT,
  type ProgrammeDetail,
  type SessionDetail,
} from './trainings.api.ts';

/** A programme: its curriculum and its sessions, and a form to schedule another session. */
export function ProgrammePage() {
  const { t, i18n } = useTrainingsT();
  const language = intlLocale(i18n.resolvedLanguage);
  const count = new Intl.NumberFormat(language);
  const day = (date: string) => formatDate(`${date}T12:00:00+05:30`, language);
  const { programmeId = '' } = useParams();
  const { can } = useSession();
  const programme = useQuery({
    queryKey: ['trainings', 'programme', programmeId],
    queryFn: () => getJson<ProgrammeDetail>(`/api/trainings/programmes/${programmeId}`),
  });
  if (programme.isPending) return <Loader />;
  if (programme.error) return <ErrorAlert error={programme.error} />;
  const data = programme.data;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/trainings">
        {t('back')}
      </Anchor>
      <Title order={2}>{data.title}</Title>
      <Text>{data.topic}</Text>
      {data.curriculum && <Text c="dimmed">{data.curriculum}</Text>}
      <Text size="sm">
        {t('programme.targetCadres')}:{' '}
        {data.targetCadres.map((cadre) => t(`cadres.${cadre}`)).join(', ') || '—'}
      </Text>
      <Title order={3}>{t('sessions')}</Title>
      {data.sessionList.length === 0 ? (
        <Text>{t('noSessions')}</Text>
      ) : (
        <ListTable
          rows={data.sessionList}
          rowKey={(session) => session.id}
          label={t('sessions')}
          minWidth={600}
          columns={[
            {
              key: 'dates',
              header: t('session.dates'),
              onCard: 'title',
              cell: (session) => (
                <Anchor component={Link} to={`/trainings/sessions/${session.id}`}>
                  {day(session.startsOn)} – {day(session.endsOn)}
                </Anchor>
              ),
            },
            { key: 'venue', header: t('session.venue'), cell: (session) => session.venue },
            { key: 'district', header: t('session.district'), cell: (session) => session.district },
            {
              key: 'participants',
              header: t('session.participants'),
              cell: (session) => count.format(session.participants),
            },
            {
              key: 'meanGain',
              header: t('session.meanGain'),
              cell: (session) =>
                session.meanKnowledgeGain === null
                  ? '—'
                  : t('gainOf', { gain: session.meanKnowledgeGain, n: session.tested }),
            },
          ]}
        />
      )}
      {can('training:write') && <NewSessionForm programmeId={programmeId} />}
    </Stack>
  );
}

function NewSessionForm({ programmeId }: { programmeId: string }) {
  const { t } = useTrainingsT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    startsOn: '',
    endsOn: '',
    venue: '',
    district: '',
    partnerInstitution: 'state_police_academy',
    trainers: '',
  });
  const input = () => ({
    ...form,
    trainers: form.trainers
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  });
  const create = useMutation({
    mutationFn: () =>
      postJson<SessionDetail>(`/api/trainings/programmes/${programmeId}/sessions`, input()),
    onSuccess: async (session) => {
      await queryClient.invalidateQueries({ queryKey: ['trainings'] });
      await navigate(`/trainings/sessions/${session.id}`);
    },
  });
  const error = create.error;
  const fields = useFieldErrors(error);
  // The server's reasons for the last day (before the first, or over 31 days) say the same.
  const issue = (field: string) => {
    const said = fields.errorFor(field);
    return said && field === 'endsOn' ? t('form.endsBeforeStart') : said;
  };
  const field = (name: keyof typeof form) => ({
    value: form[name],
    error: issue(name),
    onChange: (event: { currentTarget: { value: string } }) =>
      setForm({ ...form, [name]: event.currentTarget.value }),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // The server's schema, run first: each problem is named beside its field before saving.
    if (!fields.check(sessionInputSchema, input())) return;
    create.mutate();
  };
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label={t('newSession')} noValidate>
        <Stack>
          <Title order={3}>{t('newSession')}</Title>
          <Group grow wrap="wrap">
            <TextInput type="date" required label={t('session.startsOn')} {...field('startsOn')} />
            <TextInput type="date" required label={t('session.endsOn')} {...field('endsOn')} />
          </Group>
          <TextInput required label={t('session.venue')} {...field('venue')} />
          <TextInput required label={t('session.district')} {...field('district')} />
          <NativeSelect
            label={t('session.partner')}
            data={PARTNER_INSTITUTIONS.map((value) => ({ value, label: t(`partners.${value}`) }))}
            {...field('partnerInstitution')}
          />
          <TextInput
            label={t('session.trainers')}
            description={t('session.trainersHint')}
            {...field('trainers')}
          />
          {error && !isApiError(error) && <ErrorAlert error={error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('schedule')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
