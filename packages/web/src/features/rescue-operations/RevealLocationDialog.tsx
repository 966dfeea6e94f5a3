import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { rescueOperationsApi } from './rescue-operations.api.ts';
import { useRescueOperationsT } from './rescue-operation-labels.ts';

/** The server's rule: a reason of at least 10 characters, kept in the audit trail. */
const MINIMUM_REASON = 10;

/**
 * Reveals where a rescue took place after asking why. The location (a brothel's address, a
 * safe-house, a survivor's workplace) lives only in this dialog: a mutation's result with no cache
 * time, dropped when the dialog closes (the parent unmounts it), never stored, never in a URL.
 */
export function RevealLocationDialog({
  operationId,
  onClose,
}: {
  operationId: string;
  onClose: () => void;
}) {
  const { t } = useRescueOperationsT();
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const reveal = useMutation({
    mutationFn: (given: string) => rescueOperationsApi.revealLocation(operationId, given),
    gcTime: 0,
  });
  const tooShort = reason.trim().length < MINIMUM_REASON;
  const serverIssue = isApiError(reveal.error) ? reveal.error.issueFor('reason') : undefined;

  const close = () => {
    reveal.reset();
    onClose();
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (tooShort) return;
    reveal.mutate(reason.trim());
  };

  return (
    <Modal opened onClose={close} size="lg" title={t('reveal.title')}>
      {reveal.data ? (
        <Stack>
          <Text data-testid="revealed-location" style={{ whiteSpace: 'pre-wrap' }} fw={500}>
            {reveal.data.location ?? t('reveal.none')}
          </Text>
          <Alert color="yellow">{t('reveal.recorded')}</Alert>
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              {t('reveal.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text>{t('reveal.explain')}</Text>
            <Textarea
              label={t('reveal.reason')}
              description={t('reveal.reasonHint', { count: MINIMUM_REASON })}
              required
              autosize
              minRows={3}
              maxLength={500}
              data-autofocus
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={
                submitted && tooShort
                  ? t('reveal.reasonTooShort', { count: MINIMUM_REASON })
                  : serverIssue
                    ? t('reveal.reasonRefused', { detail: serverIssue })
                    : undefined
              }
            />
            {!serverIssue && <ErrorAlert error={reveal.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('cancel')}
              </Button>
              <Button type="submit" color="red" loading={reveal.isPending}>
                {t('reveal.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
