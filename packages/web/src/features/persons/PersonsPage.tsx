import { Anchor, Badge, Button, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import { formatDate } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { PERSONS_PAGE_SIZE, personsApi } from './persons.api.ts';
import { SimilarPersonsForm } from './SimilarPersonsForm.tsx';
import { NewPersonModal } from './NewPersonModal.tsx';
import { PERSON_FORM_NAMESPACE } from './person-form.i18n.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/** Persons the user may see, by pseudonym only; names stay in the vault. */
export function PersonsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [draft, setDraft] = useState('');
  // Kept out of the URL: a search box is where someone might type a name.
  const [search, setSearch] = useState('');
  const pages = useKeysetPages(search);
  const [recording, setRecording] = useState(false);
  const { t: form } = useTranslation(PERSON_FORM_NAMESPACE);
  const persons = useQuery({
    queryKey: ['persons', 'list', search, pages.after],
    queryFn: () => personsApi.list(search, pages.after),
    placeholderData: keepPreviousData,
  });
  const language = intlLocale(i18n.resolvedLanguage);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSearch(draft);
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>{t('persons.title')}</Title>
        {can('person:write') && (
          <Button onClick={() => setRecording(true)}>{form('newPerson')}</Button>
        )}
      </Group>
      {recording && <NewPersonModal onClose={() => setRecording(false)} />}
      <Text c="dimmed">{t('persons.intro')}</Text>
      <form onSubmit={submit} role="search">
        <Group align="flex-end">
          <TextInput
            label={t('persons.search')}
            description={t('persons.searchHint')}
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            maxLength={50}
          />
          <Button type="submit">{t('persons.searchSubmit')}</Button>
        </Group>
      </form>
      {persons.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      <ErrorAlert error={persons.error} />
      {persons.data && (
        <>
          <ListTable
            rows={persons.data.persons}
            rowKey={(person) => person.id}
            label={t('persons.title')}
            busy={persons.isPlaceholderData}
            columns={[
              {
                key: 'pseudonym',
                header: t('persons.pseudonym'),
                onCard: 'title',
                cell: (person) => (
                  <Anchor component={Link} to={`/persons/${person.id}`}>
                    {person.pseudonym}
                  </Anchor>
                ),
              },
              {
                key: 'sex',
                header: t('persons.sex'),
                cell: (person) => t(`persons.sexes.${person.sex}`),
              },
              {
                key: 'ageBand',
                header: t('persons.ageBand'),
                cell: (person) => t(`persons.ageBands.${person.ageBand}`),
              },
              {
                key: 'origin',
                header: t('persons.origin'),
                cell: (person) =>
                  [person.originState, person.originCountry].filter(Boolean).join(', ') || '—',
              },
              {
                key: 'identity',
                header: t('persons.identity'),
                onCard: 'badge',
                cell: (person) => (
                  <Badge variant="light" color={person.hasIdentity ? 'indigo' : 'gray'}>
                    {person.hasIdentity ? t('persons.inVault') : t('persons.noIdentity')}
                  </Badge>
                ),
              },
              {
                key: 'created',
                header: t('persons.created'),
                nowrap: true,
                cell: (person) => formatDate(person.createdAt, language),
              },
            ]}
          />
          {persons.data.persons.length === 0 && pages.pageIndex === 0 && (
            <Text>{t('persons.empty')}</Text>
          )}
          <KeysetPager
            pages={pages}
            pageSize={PERSONS_PAGE_SIZE}
            rowCount={persons.data.persons.length}
            busy={persons.isPlaceholderData}
            nextCursor={persons.data.nextCursor}
            label={t('persons.title')}
            count={{
              key: ['persons', 'list', search],
              run: () => personsApi.count(search),
            }}
          />
        </>
      )}
      {can('person:search_similar') && <SimilarPersonsForm />}
    </Stack>
  );
}
