import {
  Button,
  Card,
  Group,
  NumberInput,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { postForFile } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';

interface Outcome {
  rows: number;
  recordsSuppressed: number;
  cellsSuppressed: number;
  classSizes: string;
}

/** HTCDS and CTDC exports for programme managers and analysts (docs/exports.md). */
export function ExportsPage() {
  const { t } = useTranslation(undefined, { keyPrefix: 'dataExchange.exports' });
  const [dataset, setDataset] = useState<'htcds' | 'ctdc'>('htcds');
  const [format, setFormat] = useState<'csv' | 'jsonl'>('csv');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [k, setK] = useState<number>(11);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = useMutation({
    mutationFn: async () => {
      setOutcome(null);
      setProgress(0);
      const result = await postForFile(
        '/api/exports',
        {
          dataset,
          format,
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(dataset === 'ctdc' ? { k } : {}),
        },
        setProgress,
      );
      setProgress(1);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(result.file);
      link.download = result.fileName;
      link.click();
      URL.revokeObjectURL(link.href);
      setOutcome({
        rows: Number(result.header('x-dawn-export-rows') ?? 0),
        recordsSuppressed: Number(result.header('x-dawn-export-records-suppressed') ?? 0),
        cellsSuppressed: Number(result.header('x-dawn-export-cells-suppressed') ?? 0),
        classSizes: result.header('x-dawn-export-class-sizes') ?? '',
      });
    },
    onSettled: () => setProgress(null),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    run.mutate();
  };
  return (
    <Stack gap="lg" maw={720}>
      <Title order={2}>{t('title')}</Title>
      <Text c="dimmed">{t('intro')}</Text>
      <Card withBorder component="form" onSubmit={submit}>
        <Stack>
          <SegmentedControl
            value={dataset}
            onChange={(value) => setDataset(value === 'ctdc' ? 'ctdc' : 'htcds')}
            data={[
              { value: 'htcds', label: t('htcds') },
              { value: 'ctdc', label: t('ctdc') },
            ]}
          />
          <Text size="sm">{dataset === 'htcds' ? t('htcdsHint') : t('ctdcHint')}</Text>
          <SegmentedControl
            value={format}
            onChange={(value) => setFormat(value === 'jsonl' ? 'jsonl' : 'csv')}
            data={[
              { value: 'csv', label: t('csv') },
              { value: 'jsonl', label: t('jsonl') },
            ]}
          />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              type="date"
              label={t('from')}
              value={from}
              onChange={(event) => setFrom(event.currentTarget.value)}
              miw={160}
            />
            <TextInput
              type="date"
              label={t('to')}
              value={to}
              onChange={(event) => setTo(event.currentTarget.value)}
              error={from && to && to < from ? t('toBeforeFrom') : undefined}
              miw={160}
            />
          </Group>
          {dataset === 'ctdc' && (
            <NumberInput
              label={t('k')}
              description={t('kHint')}
              min={11}
              value={k}
              onChange={(value) => setK(typeof value === 'number' ? value : 11)}
              error={k < 11 ? t('kTooSmall') : undefined}
            />
          )}
          <Group>
            <Button
              type="submit"
              loading={run.isPending}
              disabled={k < 11 || Boolean(from && to && to < from)}
            >
              {t('run')}
            </Button>
          </Group>
          {progress !== null && (
            <Stack gap={4}>
              <Text size="sm">{progress === 0 ? t('preparing') : t('downloading')}</Text>
              <Progress value={progress * 100} animated={progress === 0} aria-label={t('run')} />
            </Stack>
          )}
          {run.error && <ErrorAlert error={run.error} />}
          {outcome && (
            <Stack gap={4} role="status">
              <Text>{t('done', { count: outcome.rows })}</Text>
              {dataset === 'ctdc' && (
                <>
                  <Text size="sm">
                    {t('suppressed', {
                      records: outcome.recordsSuppressed,
                      cells: outcome.cellsSuppressed,
                    })}
                  </Text>
                  <Text size="sm">{t('classes', { sizes: outcome.classSizes || '—' })}</Text>
                </>
              )}
            </Stack>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
