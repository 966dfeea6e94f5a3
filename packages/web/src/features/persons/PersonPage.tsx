import { Anchor, Badge, Button, Card, Group, Loader, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { FactsTable } from '../../app/FactsTable.tsx';
import { formatDateTime, languageName, regionName } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { personsApi } from './persons.api.ts';
import { RevealIdentityDialog } from './RevealIdentityDialog.tsx';
import { IdentityFormModal } from './IdentityFormModal.tsx';
import { PERSON_FORM_NAMESPACE } from './person-form.i18n.ts';
import type { Identity, RevealedIdentity } from './persons.api.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/** A person by pseudonym, with non-identifying facts; the identity only through the dialog. */
export function PersonPage() {
  const { t, i18n } = useTranslation();
  const { personId = '' } = useParams();
  const { can } = useSession();
  const [revealing, setRevealing] = useState(false);
  // The identity being edited: held in memory only while the form is open.
  // What the form edits: nothing yet (a first identity), or what was revealed, at its version.
  const [editing, setEditing] = useState<{ current?: Identity; version?: number } | undefined>();
  const { t: form } = useTranslation(PERSON_FORM_NAMESPACE);
  const person = useQuery({
    queryKey: ['persons', 'one', personId],
    queryFn: () => personsApi.get(personId),
  });
  const language = intlLocale(i18n.resolvedLanguage);

  if (person.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (person.isError) return <ErrorAlert error={person.error} />;
  const data = person.data;
  const rows: [string, React.ReactNode][] = [
    [t('persons.sex'), t(`persons.sexes.${data.sex}`)],
    [t('persons.ageBand'), t(`persons.ageBands.${data.ageBand}`)],
    [t('persons.birthYearEstimate'), data.birthYearEstimate ?? '—'],
    [t('persons.originState'), data.originState ?? '—'],
    [
      t('persons.originCountry'),
      data.originCountry ? regionName(data.originCountry, language) : '—',
    ],
    [
      t('persons.languages'),
      data.languages.map((code) => languageName(code, language)).join(', ') || '—',
    ],
    [t('persons.created'), formatDateTime(data.createdAt, language)],
  ];
  return (
    <Stack gap="lg" maw={800}>
      <Anchor component={Link} to="/persons" size="sm">
        {t('persons.back')}
      </Anchor>
      <Group justify="space-between">
        <Title order={2}>{data.pseudonym}</Title>
        <Badge variant="light" color={data.hasIdentity ? 'indigo' : 'gray'}>
          {data.hasIdentity ? t('persons.inVault') : t('persons.noIdentity')}
        </Badge>
      </Group>
      <Card withBorder padding="lg">
        <FactsTable rows={rows} labelWidth="40%" />
      </Card>
      {!data.hasIdentity && can('identity:write') && (
        <Button w="fit-content" variant="light" onClick={() => setEditing({})}>
          {form('recordIdentity')}
        </Button>
      )}
      {data.hasIdentity && can('identity:reveal') && (
        <Button w="fit-content" color="red" variant="light" onClick={() => setRevealing(true)}>
          {t('persons.reveal.open')}
        </Button>
      )}
      {revealing && (
        <RevealIdentityDialog
          personId={data.id}
          pseudonym={data.pseudonym}
          onClose={() => setRevealing(false)}
          {...(can('identity:write')
            ? {
                onEdit: (revealed: RevealedIdentity) => {
                  setRevealing(false);
                  setEditing({ current: revealed.identity, version: revealed.version });
                },
              }
            : {})}
        />
      )}
      {editing && (
        <IdentityFormModal
          personId={data.id}
          pseudonym={data.pseudonym}
          {...(editing.current && editing.version !== undefined
            ? { current: editing.current, version: editing.version }
            : {})}
          onClose={() => setEditing(undefined)}
        />
      )}
    </Stack>
  );
}
