import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FactsTable } from '../../app/FactsTable.tsx';
import { ReasonedRevealDialog } from '../persons/ReasonedRevealDialog.tsx';
import { retraffickingApi, type ComparedIdentity } from './retrafficking.api.ts';

/**
 * Both identities of a suggested match side by side, after a purpose and a reason (kept in the
 * audit trail). Like a reveal, the identities live only in this dialog: no cache, gone on close.
 */
export function CompareIdentitiesDialog({
  matchId,
  onClose,
}: {
  matchId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ReasonedRevealDialog
      size="xl"
      title={t('retrafficking.compare.title')}
      explain={t('retrafficking.compare.explain')}
      submit={t('retrafficking.compare.submit')}
      reveal={(reason, purpose) => retraffickingApi.compare(matchId, reason, purpose)}
      renderRevealed={(compared) => (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <IdentityColumn
            heading={t('retrafficking.compare.newPerson')}
            identity={compared.person}
          />
          <IdentityColumn
            heading={t('retrafficking.compare.earlierPerson')}
            identity={compared.earlierPerson}
          />
        </SimpleGrid>
      )}
      onClose={onClose}
    />
  );
}

function IdentityColumn({ heading, identity }: { heading: string; identity: ComparedIdentity }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('persons.identityFields.legalName'), identity.legalName],
    [t('persons.identityFields.aliases'), identity.aliases.join(', ') || '—'],
    [t('persons.identityFields.birthDate'), identity.birthDate ?? '—'],
    [t('persons.identityFields.phones'), identity.phones.join(', ') || '—'],
  ];
  return (
    <Stack gap="xs">
      <Title order={4}>
        {heading}: {identity.pseudonym}
      </Title>
      <FactsTable
        rows={rows.map(([label, value]) => [
          label,
          <Text key={label} size="sm" data-testid="compared-value">
            {value}
          </Text>,
        ])}
      />
    </Stack>
  );
}
