import { sessionInputSchema } from '@dawn/core';
import {
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { getJson, isApiError, postJson } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
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
  const { t } = useTrainingsT();
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
        <Table.ScrollContainer minWidth={600}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('session.dates')}</Table.Th>
                <Table.Th>{t('session.venue')}</Table.Th>
                <Table.Th>{t('session.district')}</Table.Th>
                <Table.Th>{t('session.participants')}</Table.Th>
                <Table.Th>{t('session.meanGain')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.sessionList.map((session) => (
                <Table.Tr key={session.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/trainings/sessions/${session.id}`}>
                      {session.startsOn} – {session.endsOn}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{session.venue}</Table.Td>
                  <Table.Td>{session.district}</Table.Td>
                  <Table.Td>{session.participants}</Table.Td>
                  <Table.Td>
                    {session.meanKnowledgeGain === null
                      ? '—'
                      : t('gainOf', { gain: session.meanKnowledgeGain, n: session.tested })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
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
