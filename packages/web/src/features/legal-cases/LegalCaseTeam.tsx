import {
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useSession } from '../auth/useSession.ts';
import { usersApi } from '../users/users.api.ts';
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
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (persons.length > 0) add.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={t('team.addParty')}>
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
        <PersonPicker label={t('team.persons')} value={persons} onChange={setPersons} />
        <ErrorAlert error={add.error} />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={add.isPending}>
            {t('team.addParty')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Puts a user on the case's team. Those who may list users pick one by name; others paste the
 * user id a colleague gives them. The server has no list of a case's team yet.
 */
function AddTeamMember({ caseId }: { caseId: string }) {
  const { t } = useLegalCasesT();
  const { can } = useSession();
  const [userId, setUserId] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['users'],
    queryFn: usersApi.list,
    enabled: can('user:read'),
  });
  const add = useMutation({
    mutationFn: (id: string) => legalCasesApi.addTeamMember(caseId, id),
    onSuccess: () => setUserId(null),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (userId) add.mutate(userId.trim());
  };
  return (
    <form onSubmit={submit} aria-label={t('team.addMember')}>
      <Stack>
        {can('user:read') ? (
          <Select
            label={t('team.user')}
            searchable
            data={(users.data?.users ?? [])
              .filter((user) => user.status === 'active')
              .map((user) => ({ value: user.id, label: user.displayName }))}
            value={userId}
            onChange={setUserId}
          />
        ) : (
          <TextInput
            label={t('team.userId')}
            value={userId ?? ''}
            onChange={(event) => setUserId(event.currentTarget.value)}
          />
        )}
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

export function LegalCaseTeam({ legalCase }: { legalCase: LegalCaseDetail }) {
  const { t } = useLegalCasesT();
  return (
    <Card withBorder>
      <Title order={3} mb="sm">
        {t('team.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <AddParty caseId={legalCase.id} />
        <AddTeamMember caseId={legalCase.id} />
      </SimpleGrid>
    </Card>
  );
}
