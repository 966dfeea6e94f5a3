import { useQuery } from '@tanstack/react-query';
import { ALERTS_QUERY_KEY, deadlinesApi } from './deadlines.api.ts';

/**
 * How many of the signed-in user's alerts are unread, for the navigation's badge. It shares the
 * alerts page's query, so marking an alert read there updates the badge at once; it asks again
 * every minute so a deadline that passes while the page is open shows up.
 */
export function useUnreadAlerts(signedIn: boolean): number {
  const alerts = useQuery({
    queryKey: ALERTS_QUERY_KEY,
    queryFn: deadlinesApi.alerts,
    enabled: signedIn,
    refetchInterval: 60_000,
  });
  return signedIn ? (alerts.data?.unread ?? 0) : 0;
}
