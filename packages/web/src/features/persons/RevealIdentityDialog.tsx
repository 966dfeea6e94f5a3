import { Alert, Button, Group, List, Modal, Stack, Table } from '@mantine/core';
import {
  describeRevealReasonProblem,
  REVEAL_PURPOSES,
  REVEAL_REASON_PROBLEMS,
  type RevealPurpose,
} from '@dawn/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { personsApi, type Identity } from './persons.api.ts';
import { PERSON_FORM_NAMESPACE } from './person-form.i18n.ts';
import { MINIMUM_REASON, ReasonForm } from '../../app/ReasonForm.tsx';

/**
 * Reveals a person's identity after asking why. The identity lives only in this dialog: it is a
 * mutation's result with no cache time, dropped when the dialog closes (the parent unmounts it),
 * never written to storage and never put in a URL.
 */
export function RevealIdentityDialog({
  personId,
  pseudonym,
  onClose,
  onEdit,
}: {
  personId: string;
  pseudonym: string;
  onClose: () => void;
  /** Offered to those who may write identities: edit what was just revealed. */
  onEdit?: (identity: Identity) => void;
}) {
  const { t } = useTranslation();
  const { t: form } = useTranslation(PERSON_FORM_NAMESPACE);
  const reveal = useMutation({
    mutationFn: (given: { reason: string; purpose: RevealPurpose }) =>
      personsApi.reveal(personId, given.reason, given.purpose),
    gcTime: 0,
  });
  // The server says why in English (core's words); find which rule it was, to say it translated.
  const refused = (translated: string, serverWords: string) => {
    const problem = REVEAL_REASON_PROBLEMS.find(
      (candidate) => describeRevealReasonProblem(candidate) === serverWords,
    );
    return problem
      ? t(`persons.reveal.problem.${problem}`)
      : t('persons.reveal.reasonRefused', { detail: translated });
  };

  const close = () => {
    reveal.reset();
    onClose();
  };

  return (
    <Modal opened onClose={close} size="lg" title={t('persons.reveal.title', { pseudonym })}>
      {reveal.data ? (
        <Stack>
          <IdentityView identity={reveal.data.identity} />
          <Alert color="yellow">{t('persons.reveal.recorded')}</Alert>
          <Group justify="flex-end">
            {onEdit && (
              <Button
                variant="light"
                onClick={() => {
                  const revealed = reveal.data.identity;
                  reveal.reset();
                  onEdit(revealed);
                }}
              >
                {form('editIdentity')}
              </Button>
            )}
            <Button onClick={close} data-autofocus>
              {t('persons.reveal.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <ReasonForm
          text={{
            explain: t('persons.reveal.explain'),
            reason: t('persons.reveal.reason'),
            reasonHint: t('persons.reveal.reasonHint', { count: MINIMUM_REASON }),
            reasonTooShort: t('persons.reveal.reasonTooShort', { count: MINIMUM_REASON }),
            reasonRefused: refused,
            cancel: t('common.cancel'),
            submit: t('persons.reveal.submit'),
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
          pending={reveal.isPending}
          error={reveal.error}
          onSubmit={(reason, purpose) =>
            reveal.mutate({ reason, purpose: purpose as RevealPurpose })
          }
          onCancel={close}
        />
      )}
    </Modal>
  );
}

function IdentityView({ identity }: { identity: Identity }) {
  const { t } = useTranslation();
  const list = (values: string[]) =>
    values.length === 0 ? (
      '—'
    ) : (
      <List size="sm">
        {values.map((value, index) => (
          <List.Item key={index}>{value}</List.Item>
        ))}
      </List>
    );
  const rows: [string, React.ReactNode][] = [
    [t('persons.identityFields.legalName'), identity.legalName],
    [t('persons.identityFields.aliases'), list(identity.aliases)],
    [t('persons.identityFields.birthDate'), identity.birthDate ?? '—'],
    [t('persons.identityFields.phones'), list(identity.phones)],
    [
      t('persons.identityFields.addresses'),
      list(
        identity.addresses.map((address) =>
          [address.line, address.district, address.state, address.postalCode, address.country]
            .filter(Boolean)
            .join(', '),
        ),
      ),
    ],
    [
      t('persons.identityFields.documents'),
      list(identity.identityDocuments.map((document) => `${document.type}: ${document.number}`)),
    ],
    [
      t('persons.identityFields.familyNames'),
      list(identity.familyNames.map((family) => `${family.relation}: ${family.name}`)),
    ],
  ];
  return (
    <Table data-testid="revealed-identity">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" w="35%">
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
