import { Alert, Button, Group, List, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { isApiError } from '../../app/api.ts';
import { personsApi, type Identity } from './persons.api.ts';
import { PERSON_FORM_NAMESPACE } from './person-form.i18n.ts';

/** The server's rule: a reason of at least 10 characters, kept in the audit trail. */
const MINIMUM_REASON = 10;

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
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const reveal = useMutation({
    mutationFn: (given: string) => personsApi.reveal(personId, given),
    gcTime: 0,
  });
  const tooShort = reason.trim().length < MINIMUM_REASON;
  const serverIssue = isApiError(reveal.error) ? reveal.error.issueFor('reason') : undefined;

  const close = () => {
    reveal.reset();
    onClose();
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (tooShort) return;
    reveal.mutate(reason.trim());
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
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text>{t('persons.reveal.explain')}</Text>
            <Textarea
              label={t('persons.reveal.reason')}
              description={t('persons.reveal.reasonHint', { count: MINIMUM_REASON })}
              required
              autosize
              minRows={3}
              maxLength={500}
              data-autofocus
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={
                submitted && tooShort
                  ? t('persons.reveal.reasonTooShort', { count: MINIMUM_REASON })
                  : serverIssue
                    ? t('persons.reveal.reasonRefused', { detail: serverIssue })
                    : undefined
              }
            />
            {!serverIssue && <ErrorAlert error={reveal.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={reveal.isPending}>
                {t('persons.reveal.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
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
