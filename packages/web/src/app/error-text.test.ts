import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LanguageCode } from '../i18n/messages.ts';
import { translatorsFor } from '../i18n/test-translators.ts';
import { ApiError } from './api.ts';
import { errorText } from './ErrorAlert.tsx';

// The app's i18n instance reads the browser's language when loaded; each test here passes its own
// translator, so the instance is not needed (and there is no window under Node).
vi.mock('../i18n/i18n.ts', () => ({ default: { t: (key: string) => key } }));

let translators: Record<LanguageCode, TFunction>;

beforeAll(async () => {
  translators = await translatorsFor([]);
});

const unanswered = (wasWrite: boolean, status = 0) =>
  new ApiError(
    status,
    status === 0 ? 'NETWORK_ERROR' : 'HTTP_ERROR',
    'The server does not answer.',
    [],
    wasWrite,
  );

describe('a request that got no answer, as the field worker reads it', () => {
  it('a change sent without an answer may be saved: reload before sending it again', () => {
    const t = translators.en;
    const mayBeSaved =
      "Dawn's server did not answer, so this may or may not have been saved. Reload the page to see what is there now before you try again.";
    expect(errorText(unanswered(true), t)).toBe(mayBeSaved);
    // A proxy that gave up waiting (504) or lost the server (502) after the request went through.
    expect(errorText(unanswered(true, 504), t)).toBe(mayBeSaved);
    expect(errorText(unanswered(true, 502), t)).toBe(mayBeSaved);
    // A read can simply be tried again; a write the server refused or failed was not made.
    expect(errorText(unanswered(false), t)).toBe(
      "Dawn's server does not answer. Check the connection and try again.",
    );
    expect(errorText(new ApiError(500, 'INTERNAL', 'x', [], true), t)).not.toBe(mayBeSaved);
  });

  it.each([
    ['bn', /[\u0980-\u09FF]/u],
    ['hi', /[\u0900-\u097F]/u],
  ] as const)('in %s too', (language, script) => {
    const t = translators[language];
    const sentence = errorText(unanswered(true), t);
    expect(sentence).toMatch(script);
    expect(sentence).not.toBe(errorText(unanswered(false), t));
  });
});
