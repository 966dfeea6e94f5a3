import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { isApiError } from './api.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/** The server's rule for every reveal: a reason of at least 10 characters, kept in the audit trail. */
export const MINIMUM_REASON = 10;

export interface ReasonFormText {
  explain: string;
  reason: string;
  reasonHint: string;
  reasonTooShort: string;
  /** The server's refusal of the reason, given its detail. */
  reasonRefused: (detail: string) => string;
  cancel: string;
  submit: string;
}

/**
 * Asks why before something sensitive is revealed (an identity, a rescue location). The reason is
 * checked here as the server checks it, and the server's own refusal is shown under the field;
 * what was typed is kept whatever happens.
 */
export function ReasonForm({
  text,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  text: ReasonFormText;
  pending: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const tooShort = reason.trim().length < MINIMUM_REASON;
  const serverIssue = isApiError(error) ? error.issueFor('reason') : undefined;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!tooShort) onSubmit(reason.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{text.explain}</Text>
        <Textarea
          label={text.reason}
          description={text.reasonHint}
          required
          autosize
          minRows={3}
          maxLength={500}
          data-autofocus
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={
            submitted && tooShort
              ? text.reasonTooShort
              : serverIssue
                ? text.reasonRefused(serverIssue)
                : undefined
          }
        />
        {!serverIssue && <ErrorAlert error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {text.cancel}
          </Button>
          <Button type="submit" color="red" loading={pending}>
            {text.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
