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
  translators = await translatorsFor(['forms']);
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

  it('a change posted with its Idempotency-Key may simply be saved again: the server makes it once', () => {
    const t = translators.en;
    const lost = new ApiError(0, 'NETWORK_ERROR', 'The server does not answer.', [], true, true);
    expect(errorText(lost, t)).toBe(
      "Dawn's server did not answer, so this may or may not have been saved. Save again: if it was saved, it will not be saved twice.",
    );
    for (const language of ['bn', 'hi'] as const)
      expect(errorText(lost, translators[language])).not.toBe(
        errorText(unanswered(true), translators[language]),
      );
  });

  it('a resend while the first attempt has no kept answer: reload first, in each language', () => {
    const refused = new ApiError(
      409,
      'CONFLICT',
      'An earlier attempt at this same change is still being saved, or its answer was lost. Reload the page to see whether it was recorded before you try again.',
      [],
      true,
      true,
    );
    expect(errorText(refused, translators.en)).toMatch(/^Your earlier attempt at this change/);
    expect(errorText(refused, translators.bn)).toMatch(/[\u0980-\u09FF]/u);
    expect(errorText(refused, translators.hi)).toMatch(/[\u0900-\u097F]/u);
  });

  it('an edit of a draft plan someone else changed meanwhile: reload first, in each language', () => {
    const refused = new ApiError(
      409,
      'CONFLICT',
      'This draft plan was changed by someone else since you opened it; reload it to see what is there now, then make your change.',
      [],
      true,
    );
    expect(errorText(refused, translators.en)).toMatch(/^Someone else changed this draft plan/);
    expect(errorText(refused, translators.bn)).toMatch(/[\u0980-\u09FF]/u);
    expect(errorText(refused, translators.hi)).toMatch(/[\u0900-\u097F]/u);
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
