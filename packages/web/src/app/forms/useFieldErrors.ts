import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api.ts';
import {
  checkWithSchema,
  conflictBesideField,
  type ConflictFields,
  type FieldErrors,
} from './field-messages.ts';

type Schema = Parameters<typeof checkWithSchema>[0];

/**
 * One form's field messages: what the browser found before saving (the same zod schemas from
 * @dawn/core the server uses) and, after a refusal, what the server named. Both are sentences in
 * the reader's language, meant for the `error` of the field they are about.
 *
 *   const fields = useFieldErrors(save.error);
 *   if (!fields.check(DATA_SCHEMA, data, 'data')) return;   // on submit
 *   <TextInput error={fields.errorFor('data.place')} />
 *
 * A conflict about one field (`conflicts`: field → the server's phrasing) is said beside that
 * field too, and `bannerError` is then empty so the form does not say it twice.
 */
export function useFieldErrors(apiError: unknown, conflicts: ConflictFields = {}) {
  const { t } = useTranslation();
  const [found, setFound] = useState<FieldErrors>({});
  const conflict = isApiError(apiError) ? conflictBesideField(apiError, conflicts, t) : undefined;
  return {
    /** The refusal for the form's banner (`ErrorAlert`): none when it is said beside a field. */
    bannerError: conflict === undefined ? apiError : undefined,
    /** Checks `value` with `schema` (paths under `prefix`); true when nothing needs correcting. */
    check(schema: Schema, value: unknown, prefix = ''): boolean {
      return this.checkAll([[schema, value, prefix]]);
    },
    /** Several checks at once (e.g. an event's time and its data); all their messages are shown. */
    checkAll(checks: readonly (readonly [Schema, unknown, string?])[]): boolean {
      const errors: FieldErrors = {};
      for (const [schema, value, prefix] of checks)
        Object.assign(errors, checkWithSchema(schema, value, t, prefix ?? ''));
      setFound(errors);
      return Object.keys(errors).length === 0;
    },
    /** Shows errors found by a check of core's that is not a schema; true when there are none. */
    report(errors: FieldErrors): boolean {
      setFound(errors);
      return Object.keys(errors).length === 0;
    },
    clear(): void {
      setFound({});
    },
    errorFor(field: string): string | undefined {
      if (found[field] !== undefined) return found[field];
      if (conflict?.field === field) return conflict.message;
      return isApiError(apiError) ? apiError.issueFor(field) : undefined;
    },
  };
}
