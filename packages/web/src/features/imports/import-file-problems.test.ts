import {
  IMPORT_FILE_PROBLEM_KINDS,
  importFileProblemMessage,
  importFileProblemOf,
  MAX_IMPORT_COLUMNS,
  type ImportFileProblem,
} from '@dawn/core';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGE_CODES, type LanguageCode } from '../../i18n/messages.ts';
import { translatorsFor } from '../../i18n/test-translators.ts';

let translators: Record<LanguageCode, TFunction>;

beforeAll(async () => {
  translators = await translatorsFor(['imports']);
});

/** One refusal of each kind, with the values its sentence names. */
const EXAMPLES: Record<ImportFileProblem['kind'], ImportFileProblem> = {
  empty: { kind: 'empty' },
  unreadable_workbook: { kind: 'unreadable_workbook' },
  no_sheet: { kind: 'no_sheet' },
  no_headers: { kind: 'no_headers' },
  too_many_rows: { kind: 'too_many_rows', max: 50_000 },
  too_many_cells: { kind: 'too_many_cells', max: 2_000_000 },
  too_large_opened: { kind: 'too_large_opened', megabytes: 64 },
  value_too_far_right: { kind: 'value_too_far_right', cell: 'XFD7', max: MAX_IMPORT_COLUMNS },
  csv_value_too_far_right: {
    kind: 'csv_value_too_far_right',
    line: 2,
    column: 300,
    max: MAX_IMPORT_COLUMNS,
  },
  csv_unreadable_line: { kind: 'csv_unreadable_line', line: 41 },
};

/** Script letters of each language: a Bengali or Hindi sentence is written in its own script. */
const SCRIPT: Record<LanguageCode, RegExp> = {
  en: /[A-Za-z]/u,
  bn: /[\u0980-\u09FF]/u,
  hi: /[\u0900-\u097F]/u,
};

describe('a refused spreadsheet is explained on the import screen in the reader’s language', () => {
  it.each(LANGUAGE_CODES)(
    'in %s, every refusal has its own sentence with its values',
    (language) => {
      const t = translators[language];
      for (const kind of IMPORT_FILE_PROBLEM_KINDS) {
        // What the screen does: the API's words read back, then worded.
        const problem = importFileProblemOf(importFileProblemMessage(EXAMPLES[kind]));
        expect(problem, kind).toEqual(EXAMPLES[kind]);
        const key = `imports.fileProblem.${kind}`;
        const sentence = t(key, { ...problem });
        expect(sentence, kind).not.toBe(key);
        expect(sentence, kind).toMatch(SCRIPT[language]);
        expect(sentence, kind).not.toMatch(/\{\{/u);
        // Numbers as the screen writes them (50,000 rows; a line number as it is).
        for (const value of Object.values(problem ?? {}).filter((each) => each !== kind)) {
          const written =
            typeof value === 'number'
              ? new Intl.NumberFormat('en-IN', {
                  useGrouping: 'min2' as unknown as boolean,
                }).format(value)
              : value;
          expect(sentence, `${kind} names ${written}`).toContain(written);
        }
      }
    },
  );
});
