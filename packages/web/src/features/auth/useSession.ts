import { grantsOf, type Permission } from '@dawn/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { setCsrfToken } from '../../app/api.ts';
import { fetchSession, SESSION_QUERY_KEY, type SessionView } from './auth.api.ts';
import { setSessionLapsed } from './session-lapse.ts';

export interface SessionState {
  /** undefined while loading, null when signed out. */
  session: SessionView | null | undefined;
  isLoading: boolean;
  /** Permissions only count once every sign-in step is done, as on the server. */
  can: (permission: Permission) => boolean;
  /** Replaces the session after a sign-in step answered with a new one. */
  update: (view: SessionView | null) => void;
}

export function useSession(): SessionState {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: async () => {
      const view = await fetchSession();
      const shown = queryClient.getQueryData<SessionView | null>(SESSION_QUERY_KEY);
      if (view === null && shown?.stage === 'active') {
        // Ended on the server while the page shows it: keep the page, ask to sign in again.
        setSessionLapsed(true);
        return shown;
      }
      setCsrfToken(view?.csrfToken);
      return view;
    },
    staleTime: 60_000,
  });
  const session = query.data;
  const grants = useMemo(
    () => (session?.stage === 'active' ? grantsOf(session.user.roles) : {}),
    [session],
  );
  const can = useCallback((permission: Permission) => grants[permission] !== undefined, [grants]);
  const update = useCallback(
    (view: SessionView | null) => {
      setCsrfToken(view?.csrfToken);
      queryClient.setQueryData(SESSION_QUERY_KEY, view);
    },
    [queryClient],
  );
  return { session, isLoading: query.isPending, can, update };
}
