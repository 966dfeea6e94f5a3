import { Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getJson, isApiError, putJson } from '../../app/api.ts';
import { useImportsT, type ImportKind, type SavedMapping } from './imports.api.ts';

/**
 * The column mapping the organisation saved for a kind: for each field, the header of the column
 * that fills it. The next import guesses from it; correcting it here fixes every later import.
 */
export function MappingEditor({ kind }: { kind: ImportKind }) {
  const { t } = useImportsT();
  const client = useQueryClient();
  const saved = useQuery({
    queryKey: ['import-mapping', kind],
    queryFn: () => getJson<SavedMapping>(`/api/imports/mappings/${kind}`),
  });
  const [edits, setEdits] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (mapping: Record<string, string>) =>
      putJson<SavedMapping>(`/api/imports/mappings/${kind}`, { mapping }),
    onSuccess: (result) => {
      client.setQueryData(['import-mapping', kind], result);
      setEdits({});
    },
  });
  if (!saved.data) return null;
  const current = { ...saved.data.mapping, ...edits };
  const errorFor = (field: string) => {
    if (!isApiError(save.error)) return undefined;
    const message = save.error.serverIssueFor(field);
    if (message === undefined) return undefined;
    return message === 'choose its column' ? t('mapping.required') : t('mapping.unknown');
  };
  return (
    <Card withBorder data-testid="mapping-editor">
      <Stack>
        <Title order={3}>{t('mapping.title')}</Title>
        <Text size="sm">{t('mapping.intro')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {saved.data.fields.map(({ field, required }) => (
            <TextInput
              key={field}
              label={t(`field.${kind}.${field}`)}
              withAsterisk={required}
              value={current[field] ?? ''}
              error={errorFor(field)}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setEdits((before) => ({ ...before, [field]: value }));
              }}
            />
          ))}
        </SimpleGrid>
        <Group>
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                Object.fromEntries(
                  Object.entries(current)
                    .map(([field, header]) => [field, header.trim()] as const)
                    .filter(([, header]) => header !== ''),
                ),
              )
            }
          >
            {t('mapping.save')}
          </Button>
          {save.isSuccess && <Text size="sm">{t('mapping.saved')}</Text>}
        </Group>
      </Stack>
    </Card>
  );
}
