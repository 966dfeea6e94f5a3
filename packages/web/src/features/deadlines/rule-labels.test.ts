import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIndiaPack } from '@dawn/core';
import { describe, expect, it } from 'vitest';

const RULES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../i18n/features/deadline-rules',
);

describe('every deadline the engine can raise has a name in each language', () => {
  const ruleIds = createIndiaPack().rules.map((rule) => rule.id.replaceAll('.', '_'));

  it.each(['en', 'bn', 'hi'])('%s names each rule of the India pack', (language) => {
    const names = (
      JSON.parse(fs.readFileSync(path.join(RULES_DIR, `${language}.json`), 'utf8')) as {
        deadlineRules: Record<string, string>;
      }
    ).deadlineRules;
    expect(ruleIds.filter((id) => !names[id])).toEqual([]);
  });
});
