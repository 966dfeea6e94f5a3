import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { isSearchRateLimited } from './similar-search.ts';
import { personsApi } from './persons.api.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/**
 * "Have we met this person before?": a name or phone goes to the server in a POST body; the
 * answer is pseudonyms and scores only. The typed name is kept in this form's state and nowhere
 * else (the mutation is dropped from the cache as soon as nothing shows it).
 */
export function SimilarPersonsForm() {
  const { t, i18n } = useTranslation();
  const [legalName, setLegalName] = useState('');
  const [phone, setPhone] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [missing, setMissing] = useState(false);
  const similar = useMutation({ mutationFn: personsApi.similar, gcTime: 0 });
  const percent = new Intl.NumberFormat(intlLocale(i18n.resolvedLanguage), { style: 'percent' });

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const hasQuery = legalName.trim() !== '' || phone.trim() !== '';
    setMissing(!hasQuery);
    if (!hasQuery) return;
    const year = Number.parseInt(birthYear, 10);
    similar.mutate({
      ...(legalName.trim() ? { legalName: legalName.trim() } : {}),
      phones: phone.trim() ? [phone.trim()] : [],
      ...(Number.isInteger(year) ? { birthYear: year } : {}),
    });
  };

  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={3} size="h4">
          {t('persons.similar.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('persons.similar.intro')}
        </Text>
        <form onSubmit={submit} noValidate autoComplete="off">
          <Group align="flex-start">
            <TextInput
              label={t('persons.similar.name')}
              value={legalName}
              onChange={(event) => setLegalName(event.currentTarget.value)}
              error={missing ? t('persons.similar.needSomething') : undefined}
            />
            <TextInput
              label={t('persons.similar.phone')}
              type="tel"
              value={phone}
              onChange={(event) => setPhone(event.currentTarget.value)}
            />
            <TextInput
              label={t('persons.similar.birthYear')}
              inputMode="numeric"
              w={120}
              value={birthYear}
              onChange={(event) => setBirthYear(event.currentTarget.value)}
            />
          </Group>
          <Button type="submit" mt="md" loading={similar.isPending}>
            {t('persons.similar.submit')}
          </Button>
        </form>
        {isSearchRateLimited(similar.error) ? (
          <Alert color="yellow" role="alert">
            {t('persons.similar.rateLimited')}
          </Alert>
        ) : (
          <ErrorAlert error={similar.error} />
        )}
        {similar.data &&
          (similar.data.matches.length === 0 ? (
            <Text>{t('persons.similar.none')}</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('persons.pseudonym')}</Table.Th>
                  <Table.Th>{t('persons.similar.score')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {similar.data.matches.map((match) => (
                  <Table.Tr key={match.personId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/persons/${match.personId}`}>
                        {match.pseudonym}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{percent.format(match.score)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ))}
      </Stack>
    </Card>
  );
}
