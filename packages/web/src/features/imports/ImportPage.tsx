import { SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ImportFlow } from './ImportFlow.tsx';
import { useImportsT, type ImportKind } from './imports.api.ts';

/**
 * Bring a spreadsheet of persons, care cases or legal cases into Dawn. Training participants are
 * imported from their session's screen, which names the session the job writes into.
 */
export function ImportPage() {
  const { t } = useImportsT();
  const [kind, setKind] = useState<ImportKind>('persons');

  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Text>{t('intro')}</Text>
      <ImportFlow
        kind={kind}
        header={
          <Stack gap={4} mb="sm">
            <Text size="sm" fw={500} id="import-kind-label">
              {t('kind.label')}
            </Text>
            <SegmentedControl
              aria-labelledby="import-kind-label"
              value={kind}
              onChange={(chosen) => setKind(chosen)}
              data={[
                { value: 'persons', label: t('kind.persons') },
                { value: 'care_cases', label: t('kind.care_cases') },
                { value: 'legal_cases', label: t('kind.legal_cases') },
              ]}
              w={{ base: '100%', sm: 'auto' }}
            />
          </Stack>
        }
      />
    </Stack>
  );
}
