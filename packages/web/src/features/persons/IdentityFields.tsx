import {
  Anchor,
  Button,
  Group,
  List,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiError } from '../../app/api.ts';
import { useSession } from '../auth/useSession.ts';
import { personsApi, type Identity } from './persons.api.ts';
import { PERSON_FORM_NAMESPACE } from './person-form.i18n.ts';

/** The identity as typed: every field a string or a list, so nothing typed is ever lost. */
export interface IdentityDraft {
  legalName: string;
  aliases: string[];
  birthDate: string;
  phones: string[];
  addressLine: string;
  district: string;
  state: string;
}

export const EMPTY_IDENTITY: IdentityDraft = {
  legalName: '',
  aliases: [],
  birthDate: '',
  phones: [],
  addressLine: '',
  district: '',
  state: '',
};

export function isBlank(draft: IdentityDraft): boolean {
  return (
    !draft.legalName.trim() &&
    draft.aliases.length === 0 &&
    !draft.birthDate &&
    draft.phones.length === 0 &&
    !draft.addressLine.trim()
  );
}

/** Draft → the server's identity. Fields the form doesn't edit are carried over from `base`. */
export function identityOf(draft: IdentityDraft, base?: Identity): Identity {
  const otherAddresses = base?.addresses.slice(1) ?? [];
  return {
    legalName: draft.legalName.trim(),
    aliases: draft.aliases,
    ...(draft.birthDate ? { birthDate: draft.birthDate } : {}),
    phones: draft.phones,
    addresses: draft.addressLine.trim()
      ? [
          {
            line: draft.addressLine.trim(),
            ...(draft.district.trim() ? { district: draft.district.trim() } : {}),
            ...(draft.state.trim() ? { state: draft.state.trim() } : {}),
          },
          ...otherAddresses,
        ]
      : otherAddresses,
    identityDocuments: base?.identityDocuments ?? [],
    ...(base?.photoReference ? { photoReference: base.photoReference } : {}),
    familyNames: base?.familyNames ?? [],
  };
}

export function draftOf(identity: Identity): IdentityDraft {
  const first = identity.addresses[0];
  return {
    legalName: identity.legalName,
    aliases: identity.aliases,
    birthDate: identity.birthDate ?? '',
    phones: identity.phones,
    addressLine: first?.line ?? '',
    district: first?.district ?? '',
    state: first?.state ?? '',
  };
}

/** The identity inputs; the server's complaint about a field shows under it. */
export function IdentityFields({
  draft,
  onChange,
  error,
  prefix = 'identity',
}: {
  draft: IdentityDraft;
  onChange: (draft: IdentityDraft) => void;
  error: ApiError | undefined;
  prefix?: string;
}) {
  const { t } = useTranslation(PERSON_FORM_NAMESPACE);
  const issue = (field: string) => error?.issueFor(prefix ? `${prefix}.${field}` : field);
  const set = (field: keyof IdentityDraft) => (event: { currentTarget: { value: string } }) =>
    onChange({ ...draft, [field]: event.currentTarget.value });
  return (
    <Stack gap="sm">
      <TextInput
        label={t('legalName')}
        value={draft.legalName}
        onChange={set('legalName')}
        error={issue('legalName')}
        autoComplete="off"
      />
      <TagsInput
        label={t('aliases')}
        description={t('languagesHint')}
        value={draft.aliases}
        onChange={(aliases) => onChange({ ...draft, aliases })}
        error={issue('aliases')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          type="date"
          label={t('birthDate')}
          value={draft.birthDate}
          onChange={set('birthDate')}
          error={issue('birthDate')}
        />
        <TagsInput
          label={t('phones')}
          description={t('languagesHint')}
          value={draft.phones}
          onChange={(phones) => onChange({ ...draft, phones })}
          error={issue('phones')}
        />
      </SimpleGrid>
      <TextInput
        label={t('addressLine')}
        value={draft.addressLine}
        onChange={set('addressLine')}
        error={issue('addresses.0.line')}
        autoComplete="off"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('district')}
          value={draft.district}
          onChange={set('district')}
          autoComplete="off"
        />
        <TextInput
          label={t('state')}
          value={draft.state}
          onChange={set('state')}
          autoComplete="off"
        />
      </SimpleGrid>
    </Stack>
  );
}

/**
 * "Is this person already in Dawn?" while the name or phones are typed: the server compares
 * blind indexes and answers with pseudonyms and scores only. The name goes in a POST body.
 */
export function SimilarPersons({
  draft,
  excludeId,
  onPick,
}: {
  draft: IdentityDraft;
  excludeId?: string;
  /** Offered beside each match: take this person instead of recording a new one. */
  onPick?: (match: { personId: string; pseudonym: string }) => void;
}) {
  const { t } = useTranslation(PERSON_FORM_NAMESPACE);
  const { can } = useSession();
  const [query] = useDebouncedValue(
    { legalName: draft.legalName.trim(), aliases: draft.aliases, phones: draft.phones },
    500,
  );
  const enabled =
    can('person:search_similar') &&
    (query.legalName.length >= 3 || query.aliases.length > 0 || query.phones.length > 0);
  const similar = useQuery({
    queryKey: ['persons', 'similar-while-typing', query],
    queryFn: () =>
      personsApi.similar({
        ...(query.legalName ? { legalName: query.legalName } : {}),
        phones: query.phones,
      }),
    enabled,
    // The query key holds what was typed: never keep it once the form is gone.
    gcTime: 0,
  });
  if (!enabled) return null;
  const matches = (similar.data?.matches ?? []).filter((match) => match.personId !== excludeId);
  return (
    <Stack gap={4} role="status" aria-live="polite">
      <Text fw={600} size="sm">
        {t('similarTitle')}
      </Text>
      <Text size="xs" c="dimmed">
        {t(onPick ? 'similarHintOpen' : 'similarHint')}
      </Text>
      {similar.isFetching ? (
        <Text size="sm">{t('checking')}</Text>
      ) : matches.length === 0 ? (
        <Text size="sm">{t('similarNone')}</Text>
      ) : (
        <List size="sm">
          {matches.map((match) => (
            <List.Item key={match.personId}>
              <Group gap="xs">
                <Anchor component={Link} to={`/persons/${match.personId}`} target="_blank">
                  {match.pseudonym}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {t('score', { percent: Math.round(match.score * 100) })}
                </Text>
                {onPick && (
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={() => onPick({ personId: match.personId, pseudonym: match.pseudonym })}
                  >
                    {t('openCaseFor', { pseudonym: match.pseudonym })}
                  </Button>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
