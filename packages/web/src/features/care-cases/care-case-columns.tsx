import { Anchor, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../app/format.ts';
import type { ListColumn } from '../../app/lists/ListTable.tsx';
import { intlLocale } from '../../i18n/number-system.ts';
import type { CaseListItem } from './care-cases.api.ts';

type CareCaseColumn =
  'pseudonym' | 'code' | 'ageBand' | 'phase' | 'placement' | 'nextDue' | 'opened';

/**
 * The columns a list of care cases may show, in the reader's language: the care-case list shows
 * them all, My work the pseudonym, code, phase and next date. Each keeps its place on a phone's
 * card (the pseudonym as its title, the phase as its badge).
 */
export function useCareCaseColumns(...names: CareCaseColumn[]): ListColumn<CaseListItem>[] {
  const { t, i18n } = useTranslation();
  const language = intlLocale(i18n.resolvedLanguage);
  const columns: ListColumn<CaseListItem>[] = [
    {
      key: 'pseudonym',
      header: t('careCases.list.pseudonym'),
      onCard: 'title',
      cell: (careCase) => (
        <Anchor component={Link} to={`/care-cases/${careCase.id}`}>
          {careCase.pseudonym}
        </Anchor>
      ),
    },
    {
      key: 'code',
      header: t('careCases.list.code'),
      nowrap: true,
      cell: (careCase) => careCase.code,
    },
    {
      key: 'ageBand',
      header: t('careCases.list.ageBand'),
      cell: (careCase) => t(`persons.ageBands.${careCase.ageBand}`),
    },
    {
      key: 'phase',
      header: t('careCases.list.phase'),
      onCard: 'badge',
      cell: (careCase) => <Badge variant="light">{t(`careCases.phases.${careCase.phase}`)}</Badge>,
    },
    {
      key: 'placement',
      header: t('careCases.list.placement'),
      cell: (careCase) => careCase.placementOrganisationName ?? '—',
    },
    {
      key: 'nextDue',
      header: t('careCases.list.nextDue'),
      cell: (careCase) => (
        <>
          {careCase.nextDueAt ? formatDate(careCase.nextDueAt, language) : '—'}
          {careCase.overdueTasks > 0 && (
            <Badge color="red" size="xs" ml="xs">
              {t('careCases.list.overdueCount', { count: careCase.overdueTasks })}
            </Badge>
          )}
        </>
      ),
    },
    {
      key: 'opened',
      header: t('careCases.list.opened'),
      nowrap: true,
      cell: (careCase) => formatDate(careCase.openedAt, language),
    },
  ];
  return names
    .map((name) => columns.find((column) => column.key === name))
    .filter((column): column is ListColumn<CaseListItem> => column !== undefined);
}
