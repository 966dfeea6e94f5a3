import type { Obligation } from '@dawn/core';
import { Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { deadlinesApi, type ObligationView } from '../deadlines/deadlines.api.ts';
import { ObligationsTable } from '../deadlines/ObligationsTable.tsx';
import { LEGAL_CASES_QUERY_KEY, legalCasesApi } from './legal-cases.api.ts';
import { useLegalCasesT } from './legal-case-labels.ts';

const DAY_MS = 86_400_000;

/** A computed obligation in the shape of a stored one, so one table shows both. */
function asView(
  obligation: Obligation,
  caseId: string,
  caseCode: string,
  asOf: string,
): ObligationView {
  const open = obligation.status === 'open' || obligation.status === 'overdue';
  return {
    ...obligation,
    id: `${obligation.rule}:${obligation.subject ?? ''}:${obligation.startsAt}`,
    caseType: 'legal_case',
    caseId,
    caseCode,
    daysLeft: open ? Math.floor((Date.parse(obligation.dueAt) - Date.parse(asOf)) / DAY_MS) : null,
    computedAt: asOf,
  };
}

/**
 * The case's statutory deadlines.
 *
 * Which list: the one computed on read (`GET /api/legal-cases/:id/obligations`) comes first. A user
 * who has just recorded an event must see its effect at once, and that list is the engine over the
 * timeline as it stands now, with nothing to wait for. The stored list (`GET /api/obligations`,
 * written by the sweep and by a best-effort recompute after each event) is what alerts are raised
 * from; it agrees with the computed one unless that recompute failed or a sweep is pending, so it
 * is the fallback when computing on read fails (it reads the vault for birth dates) or is empty.
 * `caseCode` is the case's title in the reader's language (legal-case-title.ts).
 */
export function LegalCaseDeadlines({ caseId, caseCode }: { caseId: string; caseCode: string }) {
  const { t } = useLegalCasesT();
  const computed = useQuery({
    queryKey: [...LEGAL_CASES_QUERY_KEY, caseId, 'obligations'],
    queryFn: () => legalCasesApi.obligations(caseId),
  });
  const stored = useQuery({
    queryKey: ['obligations', 'legal_case', caseId],
    queryFn: () => deadlinesApi.obligations({ caseType: 'legal_case', caseId }),
  });
  if (computed.isLoading && stored.isLoading) return <Loader aria-label={t('loading')} />;
  const fresh = computed.data
    ? computed.data.obligations.map((obligation) =>
        asView(obligation, caseId, caseCode, computed.data.asOf),
      )
    : [];
  // The stored list names the case in English (its code is written for e-mails): named here as the
  // page names it, in the reader's language.
  const obligations =
    fresh.length > 0
      ? fresh
      : (stored.data?.obligations ?? []).map((obligation) => ({ ...obligation, caseCode }));
  const source = fresh.length > 0 ? 'computed' : 'stored';
  return (
    <>
      {computed.error && stored.error ? <ErrorAlert error={computed.error} /> : null}
      <Text size="xs" c="dimmed" data-testid="deadlines-source" data-source={source}>
        {source === 'computed' ? t('deadlines.computed') : t('deadlines.stored')}
      </Text>
      <ObligationsTable obligations={obligations} showCase={false} />
    </>
  );
}
