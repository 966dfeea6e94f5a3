import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
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
 * What a check found, in a given language: kept as the check itself, so that the messages shown
 * follow the reader's language when it is switched with the form still open.
 */
export type FindFieldErrors = (t: TFunction) => FieldErrors;

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
  const [find, setFind] = useState<FindFieldErrors | undefined>(undefined);
  // Said again in the reader's language when it changes (t changes with it).
  const found = useMemo(() => find?.(t) ?? {}, [find, t]);
  /** Shows what `findErrors` finds, now and in whichever language the reader switches to. */
  const show = (findErrors: FindFieldErrors | undefined): boolean => {
    setFind(() => findErrors);
    return findErrors === undefined || Object.keys(findErrors(t)).length === 0;
  };
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
      return show((translate) => {
        const errors: FieldErrors = {};
        for (const [schema, value, prefix] of checks)
          Object.assign(errors, checkWithSchema(schema, value, translate, prefix ?? ''));
        return errors;
      });
    },
    /**
     * Shows the errors a form's own checks find (a check of core's that is not a schema, a field
     * the schema does not hold), given the translator; true when there are none.
     */
    report(findErrors: FindFieldErrors): boolean {
      return show(findErrors);
    },
    clear(): void {
      show(undefined);
    },
    errorFor(field: string): string | undefined {
      if (found[field] !== undefined) return found[field];
      if (conflict?.field === field) return conflict.message;
      return isApiError(apiError) ? apiError.issueFor(field) : undefined;
    },
  };
}
