import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CARE_CASE_IMPORT_SPECS,
  LEGAL_CASE_IMPORT_SPECS,
  PERSON_IMPORT_SPECS,
  TRAINING_PARTICIPANT_IMPORT_SPECS,
} from '@dawn/core';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES, type Messages } from '../../i18n/messages.ts';

const FEATURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../i18n/features');

/** The field labels of the import screens in one language, by kind. */
function fieldLabels(language: string): Record<string, Record<string, string>> {
  const labels: Record<string, Record<string, string>> = {};
  for (const feature of fs.readdirSync(FEATURES_DIR)) {
    const file = path.join(FEATURES_DIR, feature, `${language}.json`);
    if (!fs.existsSync(file)) continue;
    const messages = JSON.parse(fs.readFileSync(file, 'utf8')) as Messages;
    const imports = messages.imports;
    const field = typeof imports === 'object' ? imports.field : undefined;
    if (typeof field !== 'object') continue;
    for (const [kind, byField] of Object.entries(field))
      if (typeof byField === 'object')
        labels[kind] = { ...labels[kind], ...(byField as Record<string, string>) };
  }
  return labels;
}

describe('the column-mapping screen names every column of every import kind', () => {
  const specs = {
    persons: PERSON_IMPORT_SPECS,
    care_cases: CARE_CASE_IMPORT_SPECS,
    legal_cases: LEGAL_CASE_IMPORT_SPECS,
    training_participants: TRAINING_PARTICIPANT_IMPORT_SPECS,
  };
  it.each(LANGUAGE_CODES)('in %s', (language) => {
    const labels = fieldLabels(language);
    const unlabelled = Object.entries(specs).flatMap(([kind, fields]) =>
      fields.filter((spec) => !labels[kind]?.[spec.field]).map((spec) => `${kind}.${spec.field}`),
    );
    expect(unlabelled).toEqual([]);
  });
});
