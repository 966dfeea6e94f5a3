import { newPartySchema, teamMemberSchema } from '@dawn/core';
import { Button, Card, Group, List, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { OfficialPicker } from '../organisations/OfficialPicker.tsx';
import { ColleaguePicker } from '../teams/ColleaguePicker.tsx';
import { teamsApi } from '../teams/teams.api.ts';
import { LEGAL_CASES_QUERY_KEY, legalCasesApi, type LegalCaseDetail } from './legal-cases.api.ts';
import { useLegalCasesT } from './legal-case-labels.ts';
import { PersonPicker } from './PersonPicker.tsx';

function AddParty({ caseId }: { caseId: string }) {
  const { t } = useLegalCasesT();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<'victim' | 'accused'>('accused');
  const [persons, setPersons] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: async () => {
      for (const personId of persons) await legalCasesApi.addParty(caseId, role, personId);
    },
    onSuccess: async () => {
      setPersons([]);
      await queryClient.invalidateQueries({ queryKey: LEGAL_CASES_QUERY_KEY });
    },
  });
  const fields = useFieldErrors(add.error, { personId: /already a party/i });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // The server's schema (core), per person; nobody chosen is said beside the picker.
    const chosen = persons.length > 0 ? persons : [''];
    if (!chosen.every((personId) => fields.check(newPartySchema, { role, personId }))) return;
    add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('team.addParty')}>
      <Stack>
        <Select
          label={t('case.role')}
          data={[
            { value: 'victim', label: t('case.victim') },
            { value: 'accused', label: t('case.accused') },
          ]}
          value={role}
          onChange={(value) => setRole(value === 'victim' ? 'victim' : 'accused')}
          allowDeselect={false}
        />
        <PersonPicker
          label={t('team.persons')}
          value={persons}
          onChange={setPersons}
          error={fields.errorFor('personId')}
        />
        <ErrorAlert error={fields.bannerError} />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={add.isPending}>
            {t('team.addParty')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Puts a colleague (an active user of the organisation, found by name) on the case's team. */
function AddTeamMember({ caseId }: { caseId: string }) {
  const { t } = useLegalCasesT();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (id: string) => legalCasesApi.addTeamMember(caseId, id),
    onSuccess: async () => {
      setUserId(null);
      await queryClient.invalidateQueries({ queryKey: teamQueryKey(caseId) });
    },
  });
  const fields = useFieldErrors(add.error);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // The server's schema (core): nobody chosen is said beside the picker.
    if (!fields.check(teamMemberSchema, { userId: userId ?? '' }) || !userId) return;
    add.mutate(userId);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('team.addMember')}>
      <Stack>
        <ColleaguePicker
          label={t('team.user')}
          value={userId}
          onChange={setUserId}
          error={fields.errorFor('userId')}
        />
        <ErrorAlert error={add.error} />
        {add.isSuccess && (
          <Text c="green.8" role="status">
            {t('team.added')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={add.isPending}>
            {t('team.addMember')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const teamQueryKey = (caseId: string) => [...LEGAL_CASES_QUERY_KEY, caseId, 'team'] as const;

function TeamMembers({ caseId }: { caseId: string }) {
  const { t } = useLegalCasesT();
  const { t: common } = useTranslation();
  const team = useQuery({
    queryKey: teamQueryKey(caseId),
    queryFn: () => teamsApi.legalCaseTeam(caseId),
  });
  return (
    <Stack gap="xs">
      <Text fw={500}>{t('team.members')}</Text>
      <ErrorAlert error={team.error} />
      {team.data?.members.length === 0 && <Text c="dimmed">{t('team.noMembers')}</Text>}
      <List size="sm">
        {(team.data?.members ?? []).map((member) => (
          <List.Item key={member.userId}>
            {member.displayName}
            {member.roles.length > 0 &&
              ` · ${member.roles.map((role) => common(`roles.${role}`)).join(', ')}`}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** The investigating officer, prosecutor and advocate, picked by name from the officials list. */
function CaseOfficials({ legalCase }: { legalCase: LegalCaseDetail }) {
  const { t } = useLegalCasesT();
  const queryClient = useQueryClient();
  const [officials, setOfficials] = useState({
    investigatingOfficerId: legalCase.investigatingOfficer?.id ?? null,
    publicProsecutorId: legalCase.publicProsecutor?.id ?? null,
    advocateId: legalCase.advocate?.id ?? null,
  });
  const save = useMutation({
    mutationFn: () => legalCasesApi.updateOfficials(legalCase.id, officials),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: LEGAL_CASES_QUERY_KEY });
    },
  });
  const issue = (field: string) =>
    isApiError(save.error) ? save.error.issueFor(field) : undefined;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={t('team.officials')}>
      <Stack>
        <Text fw={500}>{t('team.officials')}</Text>
        <OfficialPicker
          label={t('case.investigatingOfficer')}
          value={officials.investigatingOfficerId}
          onChange={(value) => setOfficials({ ...officials, investigatingOfficerId: value })}
          error={issue('investigatingOfficerId')}
        />
        <OfficialPicker
          label={t('case.prosecutor')}
          value={officials.publicProsecutorId}
          onChange={(value) => setOfficials({ ...officials, publicProsecutorId: value })}
          error={issue('publicProsecutorId')}
        />
        <OfficialPicker
          label={t('case.advocate')}
          value={officials.advocateId}
          onChange={(value) => setOfficials({ ...officials, advocateId: value })}
          error={issue('advocateId')}
        />
        <ErrorAlert error={save.error} />
        {save.isSuccess && (
          <Text c="green.8" role="status">
            {t('team.officialsSaved')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={save.isPending}>
            {t('team.saveOfficials')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function LegalCaseTeam({ legalCase }: { legalCase: LegalCaseDetail }) {
  const { t } = useLegalCasesT();
  return (
    <Card withBorder>
      <Title order={3} mb="sm">
        {t('team.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <AddParty caseId={legalCase.id} />
        <Stack>
          <TeamMembers caseId={legalCase.id} />
          <AddTeamMember caseId={legalCase.id} />
        </Stack>
        <CaseOfficials legalCase={legalCase} />
      </SimpleGrid>
    </Card>
  );
}
