import { Alert, Button, Group, Modal, Stack, type ModalProps } from '@mantine/core';
import {
  describeRevealReasonProblem,
  REVEAL_PURPOSES,
  REVEAL_REASON_PROBLEMS,
  type RevealPurpose,
} from '@dawn/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MINIMUM_REASON, ReasonForm } from '../../app/ReasonForm.tsx';

/**
 * Asks a purpose and a reason (kept in the audit trail), then shows what the server revealed. What
 * was revealed lives only in this dialog: it is a mutation's result with no cache time, dropped
 * when the dialog closes (the parent unmounts it), never written to storage and never put in a
 * URL. Used by every identity reveal: one person's identity, and two compared side by side.
 */
export function ReasonedRevealDialog<Revealed>({
  title,
  explain,
  submit,
  size,
  reveal,
  renderRevealed,
  renderActions,
  onClose,
}: {
  title: string;
  explain: string;
  submit: string;
  size: ModalProps['size'];
  reveal: (reason: string, purpose: RevealPurpose) => Promise<Revealed>;
  renderRevealed: (revealed: Revealed) => ReactNode;
  /** Buttons beside "Close"; `forget` drops what was revealed before the dialog hands it on. */
  renderActions?: (revealed: Revealed, forget: () => void) => ReactNode;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const revealing = useMutation({
    mutationFn: (given: { reason: string; purpose: RevealPurpose }) =>
      reveal(given.reason, given.purpose),
    gcTime: 0,
  });
  // The server says why in English (core's words); find which rule it was, to say it translated.
  const refused = (translated: string, serverWords: string) => {
    const problem = REVEAL_REASON_PROBLEMS.find(
      (candidate) => describeRevealReasonProblem(candidate) === serverWords,
    );
    return problem
      ? t(`persons.reveal.problem.${problem}`)
      : t('persons.reveal.reasonRefused', { detail: translated });
  };

  const close = () => {
    revealing.reset();
    onClose();
  };

  return (
    <Modal opened onClose={close} size={size} title={title}>
      {revealing.data ? (
        <Stack>
          {renderRevealed(revealing.data)}
          <Alert color="yellow">{t('persons.reveal.recorded')}</Alert>
          <Group justify="flex-end">
            {renderActions?.(revealing.data, () => {
              revealing.reset();
            })}
            <Button onClick={close} data-autofocus>
              {t('persons.reveal.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <ReasonForm
          text={{
            explain,
            reason: t('persons.reveal.reason'),
            reasonHint: t('persons.reveal.reasonHint', { count: MINIMUM_REASON }),
            reasonTooShort: t('persons.reveal.reasonTooShort', { count: MINIMUM_REASON }),
            reasonRefused: refused,
            cancel: t('common.cancel'),
            submit,
          }}
          purposes={{
            label: t('persons.reveal.purposeLabel'),
            placeholder: t('persons.reveal.purposePlaceholder'),
            required: t('persons.reveal.purposeRequired'),
            options: REVEAL_PURPOSES.map((value) => ({
              value,
              label: t(`persons.reveal.purposes.${value}`),
            })),
          }}
          pending={revealing.isPending}
          error={revealing.error}
          onSubmit={(reason, purpose) => {
            revealing.mutate({ reason, purpose: purpose as RevealPurpose });
          }}
          onCancel={close}
        />
      )}
    </Modal>
  );
}
