import { Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
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
  /** What to say when the server refused the reason: its translated words, and its own words. */
  reasonRefused: (translated: string, serverWords: string) => string;
  cancel: string;
  submit: string;
}

/** A purpose to choose from a list before the reason (identity reveals). */
export interface ReasonPurposes {
  label: string;
  placeholder: string;
  required: string;
  options: { value: string; label: string }[];
}

/**
 * Asks why before something sensitive is revealed (an identity, a rescue location). The reason is
 * checked here as the server checks it, and the server's own refusal is shown under the field;
 * what was typed is kept whatever happens.
 */
export function ReasonForm({
  text,
  purposes,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  text: ReasonFormText;
  purposes?: ReasonPurposes;
  pending: boolean;
  error: unknown;
  onSubmit: (reason: string, purpose: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [purpose, setPurpose] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const tooShort = reason.trim().length < MINIMUM_REASON;
  const purposeMissing = purposes !== undefined && purpose === '';
  const serverIssue = isApiError(error) ? error.issueFor('reason') : undefined;
  const serverWords = isApiError(error) ? error.serverIssueFor('reason') : undefined;
  const purposeIssue = isApiError(error) ? error.issueFor('purpose') : undefined;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!tooShort && !purposeMissing) onSubmit(reason.trim(), purpose);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{text.explain}</Text>
        {purposes && (
          <NativeSelect
            label={purposes.label}
            required
            value={purpose}
            onChange={(event) => setPurpose(event.currentTarget.value)}
            data={[{ value: '', label: purposes.placeholder }, ...purposes.options]}
            error={(submitted && purposeMissing) || purposeIssue ? purposes.required : undefined}
          />
        )}
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
                ? text.reasonRefused(serverIssue, serverWords ?? serverIssue)
                : undefined
          }
        />
        {!serverIssue && !purposeIssue && <ErrorAlert error={error} />}
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
