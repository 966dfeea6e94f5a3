import { Button, List } from '@mantine/core';
import { FactsTable } from '../../app/FactsTable.tsx';
import { useTranslation } from 'react-i18next';
import { personsApi, type Identity, type RevealedIdentity } from './persons.api.ts';
import { PERSON_FORM_NAMESPACE } from './person-form.i18n.ts';
import { ReasonedRevealDialog } from './ReasonedRevealDialog.tsx';

/** Reveals a person's identity after asking why (see ReasonedRevealDialog for where it lives). */
export function RevealIdentityDialog({
  personId,
  pseudonym,
  onClose,
  onEdit,
}: {
  personId: string;
  pseudonym: string;
  onClose: () => void;
  /** Offered to those who may write identities: edit what was just revealed (at its version). */
  onEdit?: (revealed: RevealedIdentity) => void;
}) {
  const { t } = useTranslation();
  const { t: form } = useTranslation(PERSON_FORM_NAMESPACE);
  return (
    <ReasonedRevealDialog
      size="lg"
      title={t('persons.reveal.title', { pseudonym })}
      explain={t('persons.reveal.explain')}
      submit={t('persons.reveal.submit')}
      reveal={(reason, purpose) => personsApi.reveal(personId, reason, purpose)}
      renderRevealed={(revealed) => <IdentityView identity={revealed.identity} />}
      renderActions={
        onEdit &&
        ((revealed, forget) => (
          <Button
            variant="light"
            onClick={() => {
              forget();
              onEdit(revealed);
            }}
          >
            {form('editIdentity')}
          </Button>
        ))
      }
      onClose={onClose}
    />
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
  return <FactsTable rows={rows} labelWidth="35%" testId="revealed-identity" />;
}
