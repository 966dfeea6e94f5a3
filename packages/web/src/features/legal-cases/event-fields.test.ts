import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEGAL_EVENT_TYPES, ORDER_KINDS, newLegalEventSchema, parseEventData } from '@dawn/core';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES, messagesFor, type Messages } from '../../i18n/messages.ts';
import { fieldsFor, toEventData } from './event-fields.ts';

const I18N_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../i18n');

function messageFiles(): Record<string, Messages> {
  const files: Record<string, Messages> = {};
  const folders = [
    'locales',
    ...fs.readdirSync(path.join(I18N_DIR, 'features')).map((name) => `features/${name}`),
  ];
  for (const folder of folders) {
    for (const name of fs.readdirSync(path.join(I18N_DIR, folder))) {
      if (!name.endsWith('.json')) continue;
      const text = fs.readFileSync(path.join(I18N_DIR, folder, name), 'utf8');
      files[`./${folder}/${name}`] = JSON.parse(text) as Messages;
    }
  }
  return files;
}

describe('the record-event form', () => {
  it.each(LANGUAGE_CODES)('names every legal-case event type in %s', (language) => {
    const messages = messagesFor(language, messageFiles());
    const names = (messages.legalCases as Messages).eventTypes as Messages;
    const unnamed = LEGAL_EVENT_TYPES.filter((type) => !names[type.replace('.', '_')]);
    expect(unnamed).toEqual([]);
  });

  it.each(LANGUAGE_CODES)(
    'names every care-case order kind in %s, the ITPA custody orders included',
    (language) => {
      const messages = messagesFor(language, messageFiles());
      const careCases = messages.careCases as Messages;
      const kinds = (careCases.options as Messages).orderKind as Messages;
      expect(ORDER_KINDS.filter((kind) => !kinds[kind])).toEqual([]);
      expect(
        parseEventData('order.passed', { authority: 'magistrate', orderKind: 'interim_custody' })
          .ok,
      ).toBe(true);
    },
  );

  it('asks for the victim of an ITPA custody order and sends what the server accepts (issue 18)', () => {
    const type = 'victim.interim_custody_ordered';
    expect(fieldsFor(type).map((spec) => spec.name)).toEqual(['victim', 'note']);
    const event = {
      type,
      occurredAt: '2025-02-10T12:00:00+05:30',
      data: toEventData(type, { victim: 'V1', note: '' }),
    };
    expect(newLegalEventSchema.safeParse(event).success).toBe(true);
  });
});
