import { FIXED_CONSENT_PURPOSES, newConsentSchema } from '@dawn/core';
import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { checkWithSchema, type FieldErrors } from '../../app/forms/field-messages.ts';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { formatDate } from '../../app/format.ts';
import { fromKolkataInput, kolkataInputValue } from '../../app/kolkata-time.ts';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { useSession } from '../auth/useSession.ts';
import {
  careCaseKeys,
  careCasesApi,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  type ConsentView,
  type NewConsent,
} from './care-cases.api.ts';
import { useOrganisations } from './useCaseReferenceData.ts';
import { intlLocale } from '../../i18n/number-system.ts';

const DATA_SHARING = 'data_sharing';

/** A consent purpose in words: "Services", "Sharing with Demo Sandhya Shelter Home". */
export function useConsentPurposeLabel(): (purpose: string) => string {
  const { t } = useTranslation();
  const { nameOf } = useOrganisations();
  return (purpose) =>
    purpose.startsWith(`${DATA_SHARING}:`)
      ? t('careCases.consents.dataSharingWith', {
          organisation: nameOf(purpose.slice(DATA_SHARING.length + 1)),
        })
      : t(`careCases.consents.purposes.${purpose}`);
}

/** Active consents as badges (for the case header). */
export function ActiveConsentBadges({ consents }: { consents: ConsentView[] }) {
  const { t } = useTranslation();
  const label = useConsentPurposeLabel();
  if (consents.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('careCases.consents.none')}
      </Text>
    );
  return (
    <Group gap="xs">
      {consents.map((consent) => (
        <Badge key={consent.id} color="teal" variant="light">
          {label(consent.purpose)}
        </Badge>
      ))}
    </Group>
  );
}

/** The consent ledger: every consent, active or not; record a new one, withdraw one. */
export function ConsentsPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const language = intlLocale(i18n.resolvedLanguage);
  const label = useConsentPurposeLabel();
  const [formOpen, { toggle }] = useDisclosure(false);
  const consents = useQuery({
    queryKey: careCaseKeys.consents(caseId),
    queryFn: () => careCasesApi.consents(caseId),
  });
  const [withdrawing, setWithdrawing] = useState<ConsentView | undefined>();
  const canWrite = can('consent:write');

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="consents-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="consents-title">
            {t('careCases.consents.title')}
          </Title>
          {canWrite && (
            <Button size="xs" variant="light" onClick={toggle} aria-expanded={formOpen}>
              {t('careCases.consents.record')}
            </Button>
          )}
        </Group>
        {formOpen && <ConsentForm caseId={caseId} onDone={toggle} />}
        <ErrorAlert error={consents.error} />
        {consents.data && consents.data.consents.length === 0 && (
          <Text size="sm">{t('careCases.consents.none')}</Text>
        )}
        {consents.data && consents.data.consents.length > 0 && (
          <ListTable
            rows={consents.data.consents}
            rowKey={(consent) => consent.id}
            labelledBy="consents-title"
            minWidth={0}
            columns={[
              {
                key: 'purpose',
                header: t('careCases.consents.purpose'),
                onCard: 'title',
                cell: (consent) => label(consent.purpose),
              },
              {
                key: 'given',
                header: t('careCases.consents.given'),
                cell: (consent) =>
                  `${formatDate(consent.givenAt, language)} · ${t(`careCases.consents.givers.${consent.givenBy}`)}`,
              },
              {
                key: 'status',
                header: t('careCases.consents.status'),
                onCard: 'badge',
                cell: (consent) => (
                  <Badge
                    color={consent.active ? 'teal' : 'gray'}
                    variant="light"
                    style={{ overflow: 'visible' }}
                  >
                    {consent.active
                      ? t('careCases.consents.active')
                      : consent.withdrawnAt
                        ? t('careCases.consents.withdrawn')
                        : t('careCases.consents.inactive')}
                  </Badge>
                ),
              },
              {
                key: 'withdraw',
                onCard: 'action',
                cell: (consent) =>
                  canWrite &&
                  consent.active && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => setWithdrawing(consent)}
                      aria-label={t('careCases.consents.withdrawPurpose', {
                        purpose: label(consent.purpose),
                      })}
                    >
                      {t('careCases.consents.withdraw')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
        {withdrawing && (
          <WithdrawConsentDialog
            caseId={caseId}
            consent={withdrawing}
            purpose={label(withdrawing.purpose)}
            onClose={() => setWithdrawing(undefined)}
          />
        )}
      </Stack>
    </Paper>
  );
}

function ConsentForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { organisations } = useOrganisations();
  const [purpose, setPurpose] = useState<string | null>('services');
  const [sharingWith, setSharingWith] = useState<string | null>(null);
  const [givenAt, setGivenAt] = useState(kolkataInputValue());
  const [givenBy, setGivenBy] = useState<NewConsent['givenBy']>('survivor');
  const [method, setMethod] = useState<NewConsent['method']>('written');
  const [consentLanguage, setConsentLanguage] = useState('bn');
  const [witnessRole, setWitnessRole] = useState('');
  const record = useMutation({
    mutationFn: (consent: NewConsent) => careCasesApi.recordConsent(caseId, consent),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: careCaseKeys.detail(caseId) });
      onDone();
    },
  });
  const fields = useFieldErrors(record.error);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const consent: NewConsent = {
      purpose: purpose === DATA_SHARING ? `${DATA_SHARING}:${sharingWith ?? ''}` : (purpose ?? ''),
      givenAt: fromKolkataInput(givenAt),
      givenBy,
      method,
      language: consentLanguage.trim(),
      ...(witnessRole.trim() ? { witnessRole: witnessRole.trim() } : {}),
    };
    // The server's schema (core); sharing with nobody is a missing organisation, said beside it.
    const valid = fields.report((translate) => {
      const { purpose: purposeError, ...found } = checkWithSchema(
        newConsentSchema,
        consent,
        translate,
      );
      if (purposeError !== undefined) {
        if (purpose === DATA_SHARING) found.sharingWith = translate('forms.errors.required');
        else found.purpose = purposeError;
      }
      return found;
    });
    if (!valid) return;
    record.mutate(consent);
  };
  const purposeError = fields.errorFor('purpose');
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Group grow align="flex-start">
          <Select
            label={t('careCases.consents.purpose')}
            required
            data={[...FIXED_CONSENT_PURPOSES, DATA_SHARING].map((value) => ({
              value,
              label: t(`careCases.consents.purposes.${value}`),
            }))}
            value={purpose}
            onChange={setPurpose}
            error={purposeError}
          />
          {purpose === DATA_SHARING && (
            <Select
              label={t('careCases.consents.sharingWith')}
              required
              searchable
              data={organisations.map((organisation) => ({
                value: organisation.id,
                label: organisation.name,
              }))}
              value={sharingWith}
              onChange={setSharingWith}
              error={fields.errorFor('sharingWith')}
            />
          )}
        </Group>
        <Group grow align="flex-start">
          <KolkataDateTimeInput
            label={t('careCases.consents.givenAt')}
            required
            value={givenAt}
            onChange={setGivenAt}
            error={fields.errorFor('givenAt')}
          />
          <Select
            label={t('careCases.consents.givenBy')}
            required
            data={CONSENT_GIVERS.map((value) => ({
              value,
              label: t(`careCases.consents.givers.${value}`),
            }))}
            value={givenBy}
            onChange={(next) => next && setGivenBy(next)}
          />
        </Group>
        <Group grow align="flex-start">
          <Select
            label={t('careCases.consents.method')}
            required
            data={CONSENT_METHODS.map((value) => ({
              value,
              label: t(`careCases.consents.methods.${value}`),
            }))}
            value={method}
            onChange={(next) => next && setMethod(next)}
          />
          <TextInput
            label={t('careCases.consents.language')}
            required
            value={consentLanguage}
            onChange={(event) => setConsentLanguage(event.currentTarget.value)}
            error={fields.errorFor('language')}
            maxLength={20}
          />
          <TextInput
            label={t('careCases.consents.witnessRole')}
            description={t('careCases.consents.witnessHint')}
            value={witnessRole}
            onChange={(event) => setWitnessRole(event.currentTarget.value)}
            maxLength={100}
            error={fields.errorFor('witnessRole')}
          />
        </Group>
        <ErrorAlert error={record.error} />
        <Group>
          <Button type="submit" loading={record.isPending}>
            {t('careCases.consents.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Asks before a consent is withdrawn (it cannot be put back, only given anew) and when it was:
 * now unless told otherwise, never in the future nor before it was given.
 */
function WithdrawConsentDialog({
  caseId,
  consent,
  purpose,
  onClose,
}: {
  caseId: string;
  consent: ConsentView;
  purpose: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [withdrawnAt, setWithdrawnAt] = useState(kolkataInputValue());
  const withdraw = useMutation({
    mutationFn: (at: string) => careCasesApi.withdrawConsent(caseId, consent.id, at),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: careCaseKeys.detail(caseId) });
      onClose();
    },
  });
  const fields = useFieldErrors(withdraw.error);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const at = withdrawnAt ? fromKolkataInput(withdrawnAt) : '';
    const valid = fields.report((translate): FieldErrors => {
      const when = new Date(at).getTime();
      if (!at) return { withdrawnAt: translate('forms.errors.required') };
      if (when > Date.now() + 60_000) return { withdrawnAt: translate('forms.errors.future') };
      if (when < new Date(consent.givenAt).getTime())
        return { withdrawnAt: translate('forms.errors.tooEarly') };
      return {};
    });
    if (valid) withdraw.mutate(at);
  };
  return (
    <Modal opened onClose={onClose} title={t('careCases.consents.withdrawTitle', { purpose })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('careCases.consents.withdrawBody')}</Text>
          <KolkataDateTimeInput
            label={t('careCases.consents.withdrawnAt')}
            required
            value={withdrawnAt}
            onChange={setWithdrawnAt}
            error={fields.errorFor('withdrawnAt')}
          />
          <ErrorAlert error={fields.errorFor('withdrawnAt') ? undefined : withdraw.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={withdraw.isPending}>
              {t('careCases.consents.withdrawSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
