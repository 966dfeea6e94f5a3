import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { rescueOperationsApi } from './rescue-operations.api.ts';
import { useRescueOperationsT } from './rescue-operation-labels.ts';
import { MINIMUM_REASON, ReasonForm } from '../../app/ReasonForm.tsx';

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
  const reveal = useMutation({
    mutationFn: (given: string) => rescueOperationsApi.revealLocation(operationId, given),
    gcTime: 0,
  });

  const close = () => {
    reveal.reset();
    onClose();
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
        <ReasonForm
          text={{
            explain: t('reveal.explain'),
            reason: t('reveal.reason'),
            reasonHint: t('reveal.reasonHint', { count: MINIMUM_REASON }),
            reasonTooShort: t('reveal.reasonTooShort', { count: MINIMUM_REASON }),
            reasonRefused: (detail) => t('reveal.reasonRefused', { detail }),
            cancel: t('cancel'),
            submit: t('reveal.submit'),
          }}
          pending={reveal.isPending}
          error={reveal.error}
          onSubmit={(reason) => reveal.mutate(reason)}
          onCancel={close}
        />
      )}
    </Modal>
  );
}
