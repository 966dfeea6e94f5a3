import { Alert, Button, Group, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import {
  describeRevealReasonProblem,
  REVEAL_PURPOSES,
  REVEAL_REASON_PROBLEMS,
  type RevealPurpose,
} from '@dawn/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MINIMUM_REASON, ReasonForm } from '../../app/ReasonForm.tsx';
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
  const compare = useMutation({
    mutationFn: (given: { reason: string; purpose: RevealPurpose }) =>
      retraffickingApi.compare(matchId, given.reason, given.purpose),
    gcTime: 0,
  });
  const refused = (translated: string, serverWords: string) => {
    const problem = REVEAL_REASON_PROBLEMS.find(
      (candidate) => describeRevealReasonProblem(candidate) === serverWords,
    );
    return problem
      ? t(`persons.reveal.problem.${problem}`)
      : t('persons.reveal.reasonRefused', { detail: translated });
  };
  const close = () => {
    compare.reset();
    onClose();
  };
  return (
    <Modal opened onClose={close} size="xl" title={t('retrafficking.compare.title')}>
      {compare.data ? (
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <IdentityColumn
              heading={t('retrafficking.compare.newPerson')}
              identity={compare.data.person}
            />
            <IdentityColumn
              heading={t('retrafficking.compare.earlierPerson')}
              identity={compare.data.earlierPerson}
            />
          </SimpleGrid>
          <Alert color="yellow">{t('persons.reveal.recorded')}</Alert>
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              {t('persons.reveal.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <ReasonForm
          text={{
            explain: t('retrafficking.compare.explain'),
            reason: t('persons.reveal.reason'),
            reasonHint: t('persons.reveal.reasonHint', { count: MINIMUM_REASON }),
            reasonTooShort: t('persons.reveal.reasonTooShort', { count: MINIMUM_REASON }),
            reasonRefused: refused,
            cancel: t('common.cancel'),
            submit: t('retrafficking.compare.submit'),
          }}
          purposes={{
            label: t('persons.reveal.purposeLabel'),
            placeholder: t('persons.reveal.purposePlaceholder'),
            required: t('persons.reveal.purposeRequired'),
            options: REVEAL_PURPOSES.map((value) => ({
              value,
              label: t(`persons.reveal.purposes.${value}`),
            })),
          }}
          pending={compare.isPending}
          error={compare.error}
          onSubmit={(reason, purpose) =>
            compare.mutate({ reason, purpose: purpose as RevealPurpose })
          }
          onCancel={close}
        />
      )}
    </Modal>
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
      <Table>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td>
                <Text size="sm" data-testid="compared-value">
                  {value}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
