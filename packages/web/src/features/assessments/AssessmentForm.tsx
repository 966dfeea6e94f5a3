import { newAssessmentSchema, scoreAssessment } from '@dawn/core';
import { Button, Fieldset, Group, Radio, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { checkWithCore, checkWithSchema } from '../../app/forms/field-messages.ts';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { fromKolkataInput, kolkataInputValue } from '../../app/kolkata-time.ts';
import { careCaseKeys, careCasesApi, type CareSettings } from '../care-cases/care-cases.api.ts';

const SCALE = ['1', '2', '3', '4'] as const;

/**
 * Records an assessment: every item of the organisation's instrument on the 1–4 scale. Item
 * wording is the organisation's configuration (licensed wording), so it is shown as configured.
 */
export function AssessmentForm({
  caseId,
  settings,
  onDone,
}: {
  caseId: string;
  settings: CareSettings;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [assessedAt, setAssessedAt] = useState(kolkataInputValue());
  const [items, setItems] = useState<Record<string, number>>({});
  const record = useMutation({
    mutationFn: () =>
      careCasesApi.recordAssessment(caseId, { assessedAt: fromKolkataInput(assessedAt), items }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: careCaseKeys.detail(caseId) });
      await queryClient.invalidateQueries({ queryKey: careCaseKeys.myWork });
      onDone();
    },
  });
  const fields = useFieldErrors(record.error);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // The server's checks (core): a time that has passed, and every item of the instrument scored.
    const body = { assessedAt: fromKolkataInput(assessedAt), items };
    const valid = fields.report((translate) => ({
      ...checkWithCore(() => scoreAssessment(settings.instrument, items), translate),
      ...checkWithSchema(newAssessmentSchema, body, translate),
    }));
    if (!valid) return;
    record.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('careCases.assessments.scaleHint')}
        </Text>
        <KolkataDateTimeInput
          label={t('careCases.assessments.assessedAt')}
          required
          value={assessedAt}
          onChange={setAssessedAt}
          error={fields.errorFor('assessedAt')}
          maw={320}
        />
        {settings.instrument.domains.map((domain) => (
          <Fieldset key={domain.key} legend={t(`careCases.options.domain.${domain.key}`)}>
            <Stack gap="xs">
              {domain.subDomains.flatMap((subDomain) =>
                subDomain.items.map((item) => (
                  <Radio.Group
                    key={item.key}
                    label={subDomain.label}
                    description={item.wording}
                    required
                    value={items[item.key] ? String(items[item.key]) : null}
                    onChange={(value) =>
                      setItems((previous) => ({ ...previous, [item.key]: Number(value) }))
                    }
                    error={fields.errorFor(`items.${item.key}`)}
                  >
                    <Group gap="md" mt={4}>
                      {SCALE.map((score) => (
                        <Radio key={score} value={score} label={score} />
                      ))}
                    </Group>
                  </Radio.Group>
                )),
              )}
            </Stack>
          </Fieldset>
        ))}
        <ErrorAlert error={record.error} />
        <Group>
          <Button type="submit" loading={record.isPending}>
            {t('careCases.assessments.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
