import { Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { CaseDocuments } from '../documents/CaseDocuments.tsx';
import { LegalCaseDeadlines } from './LegalCaseDeadlines.tsx';
import { LegalCaseTeam } from './LegalCaseTeam.tsx';
import { LegalCaseTimeline } from './LegalCaseTimeline.tsx';
import { LEGAL_CASES_QUERY_KEY, legalCasesApi, type LegalCaseDetail } from './legal-cases.api.ts';
import { custodyColour, useLegalCasesT } from './legal-case-labels.ts';
import { useLegalCaseTitle } from './legal-case-title.ts';
import { offenceTitle } from './offence-labels.ts';
import { RecordEventForm } from './RecordEventForm.tsx';
import { intlLocale } from '../../i18n/number-system.ts';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function Header({ legalCase }: { legalCase: LegalCaseDetail }) {
  const { t, i18n } = useLegalCasesT();
  const language = intlLocale(i18n.resolvedLanguage);
  const caseTitle = useLegalCaseTitle();
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2}>{caseTitle(legalCase.titleFir, legalCase.id)}</Title>
          <Badge size="lg" variant="light">
            {t(`stage.${legalCase.stage}`)}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Fact label={t('case.cnr')}>{legalCase.cnr ?? '—'}</Fact>
          <Fact label={t('case.court')}>{legalCase.court?.name ?? '—'}</Fact>
          <Fact label={t('case.forum')}>
            {legalCase.forum ? t(`forum.${legalCase.forum}`) : '—'}
          </Fact>
          <Fact label={t('case.nextHearing')}>
            {legalCase.nextHearing
              ? `${formatDateTime(legalCase.nextHearing.at, language)}${
                  legalCase.nextHearing.purpose
                    ? ` · ${t(`choices.${legalCase.nextHearing.purpose}`)}`
                    : ''
                }`
              : '—'}
          </Fact>
          <Fact label={t('case.firDate')}>
            {legalCase.fir?.date ? formatDate(legalCase.fir.date, language) : '—'}
            {legalCase.fir?.zeroFir ? ` · ${t('case.zeroFir')}` : ''}
          </Fact>
          <Fact label={t('case.investigatingOfficer')}>
            {legalCase.investigatingOfficer?.name ?? '—'}
          </Fact>
          <Fact label={t('case.prosecutor')}>{legalCase.publicProsecutor?.name ?? '—'}</Fact>
          <Fact label={t('case.advocate')}>{legalCase.advocate?.name ?? '—'}</Fact>
        </SimpleGrid>
        <Group gap={6}>
          {legalCase.offences.map((offence) => (
            <Badge
              key={offence.code}
              variant="outline"
              color={offence.defaultBailDays === 90 ? 'grape' : 'blue'}
              title={offenceTitle(i18n.t, offence.code, offence.title) || undefined}
            >
              {offence.code} · {t('offence.bail', { days: offence.defaultBailDays })}
            </Badge>
          ))}
        </Group>
      </Stack>
    </Card>
  );
}

function Parties({ legalCase }: { legalCase: LegalCaseDetail }) {
  const { t, i18n } = useLegalCasesT();
  const language = intlLocale(i18n.resolvedLanguage);
  if (legalCase.parties.length === 0) return <Text c="dimmed">{t('case.noParties')}</Text>;
  return (
    <ListTable
      rows={legalCase.parties}
      rowKey={(party) => party.ref}
      caption={t('case.parties')}
      minWidth={0}
      rowData={(party) => ({ 'data-testid': `party-${party.ref}` })}
      columns={[
        { key: 'ref', header: t('case.ref'), cell: (party) => party.ref },
        {
          key: 'role',
          header: t('case.role'),
          onCard: 'badge',
          cell: (party) => t(`case.${party.role}`),
        },
        {
          key: 'pseudonym',
          header: t('case.pseudonym'),
          onCard: 'title',
          cell: (party) => (
            <Anchor component={Link} to={`/persons/${party.personId}`}>
              {party.pseudonym}
            </Anchor>
          ),
        },
        {
          key: 'custody',
          header: t('case.custody'),
          cell: (party) =>
            party.custody ? (
              <Group gap={6} component="span">
                <Badge color={custodyColour(party.custody)} variant="light">
                  {t(`custody.${party.custody}`)}
                </Badge>
                {party.custodySince && (
                  <Text span size="xs" c="dimmed">
                    {t('case.since', { date: formatDate(party.custodySince, language) })}
                  </Text>
                )}
              </Group>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}

/** One legal case: header, parties and custody, deadlines, timeline, recording, team. */
export function LegalCasePage() {
  const { legalCaseId = '' } = useParams();
  const { t } = useLegalCasesT();
  const caseTitle = useLegalCaseTitle();
  const { can } = useSession();
  const legalCase = useQuery({
    queryKey: [...LEGAL_CASES_QUERY_KEY, legalCaseId],
    queryFn: () => legalCasesApi.get(legalCaseId),
  });
  const events = useQuery({
    queryKey: [...LEGAL_CASES_QUERY_KEY, legalCaseId, 'events'],
    queryFn: () => legalCasesApi.events(legalCaseId),
  });
  if (legalCase.isLoading) return <Loader aria-label={t('loading')} />;
  if (!legalCase.data) return <ErrorAlert error={legalCase.error} />;
  const writable = can('legal_case:write');

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/legal-cases" size="sm">
        {t('case.back')}
      </Anchor>
      <Header legalCase={legalCase.data} />
      <Parties legalCase={legalCase.data} />
      <section aria-labelledby="deadlines-heading">
        <Title order={3} id="deadlines-heading" mb="xs">
          {t('case.deadlines')}
        </Title>
        <LegalCaseDeadlines
          caseId={legalCaseId}
          caseCode={caseTitle(legalCase.data.titleFir, legalCase.data.id)}
        />
      </section>
      <SimpleGrid cols={{ base: 1, lg: writable ? 2 : 1 }} spacing="xl">
        <section aria-labelledby="timeline-heading">
          <Title order={3} id="timeline-heading" mb="xs">
            {t('case.timeline')}
          </Title>
          <ErrorAlert error={events.error} />
          {events.data && <LegalCaseTimeline events={events.data.events} />}
        </section>
        {writable && (
          <section aria-labelledby="record-heading">
            <Title order={3} id="record-heading" mb="xs">
              {t('record.title')}
            </Title>
            <RecordEventForm
              caseId={legalCaseId}
              parties={legalCase.data.parties}
              events={events.data?.events ?? []}
            />
          </section>
        )}
      </SimpleGrid>
      <CaseDocuments entityType="legal_case" entityId={legalCaseId} />
      {writable && <LegalCaseTeam legalCase={legalCase.data} />}
    </Stack>
  );
}
