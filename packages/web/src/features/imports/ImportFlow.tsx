import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  FileInput,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { importFileProblemOf } from '@dawn/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { getJson, isApiError, postJson, type FieldIssue } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { MappingEditor } from './MappingEditor.tsx';
import { rowRanges } from './row-ranges.ts';
import {
  fileToBase64,
  useImportsT,
  type DryRunReport,
  type ImportJob,
  type ImportKind,
  type RowIssue,
} from './imports.api.ts';
import { DuplicateAnswerField, type DuplicateAnswer } from './DuplicateAnswer.tsx';

const SHOWN_ROWS = 200;

/**
 * A problem in the reader's language: where, what the cell said, and why it cannot go in; in the
 * words of the kind of register where its remedy differs (`problemFor.<kind>.<code>`).
 */
function useIssueText(kind: ImportKind) {
  const { t } = useImportsT();
  return (issue: RowIssue) =>
    t([`problemFor.${kind}.${issue.code}`, `problem.${issue.code}`], {
      column: issue.column ?? '',
      value: issue.value ?? '',
      pseudonym: issue.pseudonym ?? '',
      score: issue.score ?? 0,
      otherRow: issue.otherRow ?? 0,
    });
}

export interface ImportFlowProps {
  kind: ImportKind;
  /** The session a list of training participants goes into; the job remembers it. */
  trainingSessionId?: string;
  /** Shown at the top of the file card (the import page's choice of kind). */
  header?: ReactNode;
  /** Called once when the job stops, finished or failed, so the caller can show what went in. */
  onFinished?: () => void;
}

/**
 * The generic import of one kind, shared by the import page and the training session screen:
 * choose the file, read the dry run's report beside its rows, then import and watch the batches
 * go in, ending with the summary. The saved column mapping of the kind sits below the file.
 */
export function ImportFlow({ kind, trainingSessionId, header, onFinished }: ImportFlowProps) {
  const { t, i18n } = useImportsT();
  const issueText = useIssueText(kind);
  /** Why the file was refused before any row: a required column missing, or unreadable. */
  const fileProblem = (issues: FieldIssue[]): string | undefined => {
    const missing = issues.flatMap((issue) =>
      /(^|\.)mapping\./u.test(issue.path) &&
      (issue.message === 'choose its column' || issue.message.startsWith('the file has no column'))
        ? [t(`field.${kind}.${issue.path.slice(issue.path.lastIndexOf('.') + 1)}`)]
        : [],
    );
    if (missing.length > 0) return t('missingColumns', { fields: missing.join(', ') });
    // The file's own refusal (too wide, too many rows, a CSV line…) in the reader's words.
    const known = issues
      .filter((issue) => issue.path === 'file')
      .map((issue) => importFileProblemOf(issue.message))
      .find((problem) => problem !== undefined);
    if (known) return t(`fileProblem.${known.kind}`, { ...known });
    return issues.length > 0 ? t('unreadable') : undefined;
  };
  const [file, setFile] = useState<File | null>(null);
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const target = trainingSessionId ? { trainingSessionId } : {};
  const dryRun = useMutation({
    mutationFn: async (chosen: File) =>
      postJson<DryRunReport>(
        '/api/imports/dry-run',
        { kind, fileBase64: await fileToBase64(chosen), ...target },
        'retry',
      ),
  });
  // The importer's answers to the rows listed for review, by row; a new report starts afresh.
  const [answers, setAnswers] = useState<Record<number, DuplicateAnswer>>({});
  const decisions = (dryRun.data?.rows ?? []).flatMap((row) => {
    const answer = answers[row.row];
    if (!row.duplicateOf || !row.answerable || !answer || answer === 'wait') return [];
    return [
      answer === 'same_person'
        ? { row: row.row, decision: answer, personId: row.duplicateOf.personId }
        : { row: row.row, decision: answer },
    ];
  });
  const run = useMutation({
    mutationFn: async (chosen: File) =>
      postJson<{ jobId: string }>('/api/imports', {
        kind,
        fileBase64: await fileToBase64(chosen),
        mapping: dryRun.data?.mapping,
        ...(decisions.length > 0 ? { decisions } : {}),
        ...target,
      }),
    onSuccess: (started) => {
      setJobId(started.jobId);
      // The import saved its mapping: the editor shows it.
      void queryClient.invalidateQueries({ queryKey: ['import-mapping'] });
    },
  });
  const job = useQuery({
    queryKey: ['import-job', jobId],
    queryFn: () => getJson<ImportJob>(`/api/imports/${jobId ?? ''}`),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 500 : false),
  });
  // A new kind keeps the file but not the report or the job of the one before.
  const { reset: resetDryRun } = dryRun;
  const { reset: resetRun } = run;
  useEffect(() => {
    setJobId(null);
    resetDryRun();
    resetRun();
  }, [kind, resetDryRun, resetRun]);
  const report = dryRun.data;
  useEffect(() => setAnswers({}), [report]);
  const shown = report?.rows.filter((row) => row.issues.length > 0).slice(0, SHOWN_ROWS) ?? [];
  const current = job.data;
  const stopped = current !== undefined && current.status !== 'running';
  // Once per job: the caller's callback may be a new function at each of its renders.
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;
  useEffect(() => {
    if (stopped) finishedRef.current?.();
  }, [stopped, jobId]);
  const fileError = isApiError(dryRun.error) ? fileProblem(dryRun.error.issues) : undefined;

  return (
    <Stack>
      <Card withBorder>
        {header}
        <Group align="flex-end" wrap="wrap">
          <FileInput
            label={t('file')}
            description={t('fileHint')}
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            value={file}
            onChange={(chosen) => {
              setFile(chosen);
              setJobId(null);
              dryRun.reset();
              run.reset();
            }}
            error={fileError}
            clearable
            w={{ base: '100%', sm: 360 }}
          />
          <Button
            onClick={() => file && dryRun.mutate(file)}
            disabled={!file}
            loading={dryRun.isPending}
          >
            {t('check')}
          </Button>
        </Group>
        {dryRun.error && !fileError && <ErrorAlert error={dryRun.error} />}
      </Card>

      <MappingEditor key={kind} kind={kind} />

      {report && (
        <Card withBorder data-testid="dry-run-report">
          <Stack>
            <Title order={3}>{t('report.title')}</Title>
            <Text size="sm">{t('report.headers', { row: report.headerRow })}</Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <Count label={t('report.toCreate')} value={report.toCreate} color="green" />
              <Count label={t('report.toUpdate')} value={report.toUpdate} color="blue" />
              <Count label={t('report.toSkip')} value={report.toSkip} color="gray" />
              <Count label={t('report.notImported')} value={report.notImported} color="red" />
            </SimpleGrid>
            {report.newPersons > 0 && (
              <Text size="sm" data-testid="dry-run-new-persons">
                {t('report.newPersons', { count: report.newPersons })}
              </Text>
            )}
            {shown.length > 0 && (
              <Box data-testid="dry-run-rows">
                <ListTable
                  rows={shown}
                  rowKey={(row) => String(row.row)}
                  label={t('report.title')}
                  minWidth={300}
                  rowData={(row) => ({ 'data-row': String(row.row) })}
                  columns={[
                    { key: 'row', header: t('report.row'), cell: (row) => row.row },
                    { key: 'id', header: t('report.id'), cell: (row) => row.externalId ?? '—' },
                    {
                      key: 'problem',
                      header: t('report.problem'),
                      cell: (row) => [
                        ...row.issues.map((issue, index) => (
                          <Text key={index} size="sm" component="span" display="block">
                            {issueText(issue)}
                          </Text>
                        )),
                        ...(row.duplicateOf && row.answerable && !jobId
                          ? [
                              <DuplicateAnswerField
                                key="answer"
                                row={{ ...row, duplicateOf: row.duplicateOf }}
                                answer={answers[row.row] ?? 'wait'}
                                onAnswer={(answer) =>
                                  setAnswers((before) => ({ ...before, [row.row]: answer }))
                                }
                              />,
                            ]
                          : []),
                      ],
                    },
                  ]}
                />
              </Box>
            )}
            {!jobId && (
              <Group>
                <Button
                  onClick={() => file && run.mutate(file)}
                  disabled={!file || report.toCreate + report.toUpdate + decisions.length === 0}
                  loading={run.isPending}
                >
                  {t('run', { count: report.toCreate + report.toUpdate + decisions.length })}
                </Button>
              </Group>
            )}
            {run.error && <ErrorAlert error={run.error} />}
          </Stack>
        </Card>
      )}

      {current && (
        <Card withBorder data-testid="import-progress">
          <Stack>
            <Title order={3}>{t('progress.title')}</Title>
            <Progress
              value={current.totalRows === 0 ? 100 : (current.doneRows / current.totalRows) * 100}
              aria-label={t('progress.title')}
            />
            <Text size="sm">
              {t('progress.rows', { done: current.doneRows, total: current.totalRows })}
            </Text>
            {current.status !== 'running' && (
              <Alert
                color={current.status === 'finished' ? 'green' : 'red'}
                title={current.status === 'finished' ? t('summary.finished') : t('summary.failed')}
                data-testid="import-summary"
              >
                <Text size="sm">
                  {t('summary.counts', {
                    created: current.created,
                    updated: current.updated,
                    skipped: current.skipped,
                    notImported: current.notImported,
                  })}
                </Text>
                {current.linked > 0 && (
                  <Text size="sm">{t('summary.linked', { count: current.linked })}</Text>
                )}
                {current.personsCreated > 0 && (
                  <Text size="sm">
                    {t('summary.personsCreated', { count: current.personsCreated })}
                  </Text>
                )}
                {current.problems.slice(0, SHOWN_ROWS).map((problem, index) => (
                  <Text key={index} size="sm">
                    {t('summary.row', { row: problem.row })} {issueText(problem)}
                  </Text>
                ))}
              </Alert>
            )}
            {current.followUpFailed.length > 0 && (
              <Alert color="orange" role="alert" data-testid="import-follow-up-failed">
                <Text size="sm">
                  {t('summary.followUpFailed', {
                    rows: rowRanges(current.followUpFailed, i18n.resolvedLanguage),
                  })}
                </Text>
              </Alert>
            )}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

function Count({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Badge size="xl" color={color} variant="light">
        {value}
      </Badge>
    </Stack>
  );
}
