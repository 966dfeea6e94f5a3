import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api.ts';
import { checkWithSchema, type FieldErrors } from './field-messages.ts';

type Schema = Parameters<typeof checkWithSchema>[0];

/**
 * One form's field messages: what the browser found before saving (the same zod schemas from
 * @dawn/core the server uses) and, after a refusal, what the server named. Both are sentences in
 * the reader's language, meant for the `error` of the field they are about.
 *
 *   const fields = useFieldErrors(save.error);
 *   if (!fields.check(DATA_SCHEMA, data, 'data')) return;   // on submit
 *   <TextInput error={fields.errorFor('data.place')} />
 */
export function useFieldErrors(apiError: unknown) {
  const { t } = useTranslation();
  const [found, setFound] = useState<FieldErrors>({});
  return {
    /** Checks `value` with `schema` (paths under `prefix`); true when nothing needs correcting. */
    check(schema: Schema, value: unknown, prefix = ''): boolean {
      const errors = checkWithSchema(schema, value, t, prefix);
      setFound(errors);
      return Object.keys(errors).length === 0;
    },
    clear(): void {
      setFound({});
    },
    errorFor(field: string): string | undefined {
      return found[field] ?? (isApiError(apiError) ? apiError.issueFor(field) : undefined);
    },
  };
}
