import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSession } from '../auth/useSession.ts';
import { usersApi, type Organisation } from '../users/users.api.ts';
import { careCaseKeys, careCasesApi } from './care-cases.api.ts';

/** Organisations (shelters, CWCs, courts) to pick from, and their names by id. */
export function useOrganisations(): {
  organisations: Organisation[];
  nameOf: (id: string) => string;
} {
  const { can } = useSession();
  const query = useQuery({
    queryKey: careCaseKeys.organisations,
    queryFn: usersApi.organisations,
    enabled: can('organisation:read'),
    staleTime: 5 * 60_000,
  });
  return useMemo(() => {
    const organisations = query.data?.organisations ?? [];
    const names = new Map(
      organisations.map((organisation) => [organisation.id, organisation.name]),
    );
    return { organisations, nameOf: (id: string) => names.get(id) ?? id };
  }, [query.data]);
}

/** The case's care plans, for events that name one. */
export function useCarePlans(caseId: string) {
  return useQuery({
    queryKey: careCaseKeys.carePlans(caseId),
    queryFn: () => careCasesApi.carePlans(caseId),
  });
}
