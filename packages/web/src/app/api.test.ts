import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiError } from './api.ts';
import { getJson, postJson, postMultipart, putJson } from './api.ts';

// The app's i18n instance reads the browser's language when loaded (no window under Node).
vi.mock('../i18n/i18n.ts', () => ({ default: { t: (key: string) => key } }));

/** What each request carried as its Idempotency-Key, and a script of how each is answered. */
function aServer(answers: ('lost' | number)[]) {
  const keys: (string | undefined)[] = [];
  vi.stubGlobal('fetch', (_url: string, init: { headers: Record<string, string> }) => {
    keys.push(init.headers['idempotency-key']);
    const answer = answers.shift() ?? 201;
    if (answer === 'lost') return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(
      new Response(
        JSON.stringify(answer < 300 ? { id: 'e1' } : { error: { code: 'HTTP_ERROR' } }),
        {
          status: answer,
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
  });
  return keys;
}

const HEARING = { type: 'court.hearing', occurredAt: '2025-06-02T05:30:00.000Z' };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as ApiError,
  );

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a change whose answer was lost, saved again', () => {
  it('goes with the same key, so the server makes it once; once answered, the next is new', async () => {
    const keys = aServer(['lost', 201, 201]);
    const lost = await failure(postJson('/api/legal-cases/c1/events', HEARING));
    expect(lost.mayHaveLanded).toBe(true);
    expect(lost.resendIsSafe).toBe(true);
    await postJson('/api/legal-cases/c1/events', HEARING);
    // The same hearing saved again after an answer: a second hearing of her own, a new key.
    await postJson('/api/legal-cases/c1/events', HEARING);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('a proxy that gave up (504) keeps the key too; a refusal lets it go', async () => {
    const keys = aServer([504, 201, 409, 201]);
    expect((await failure(postJson('/api/persons', { sex: 'female' }))).mayHaveLanded).toBe(true);
    await postJson('/api/persons', { sex: 'female' });
    expect(keys[1]).toBe(keys[0]);
    expect((await failure(postJson('/api/persons', { sex: 'male' }))).mayHaveLanded).toBe(false);
    await postJson('/api/persons', { sex: 'male' });
    expect(keys[3]).not.toBe(keys[2]);
  });

  it('another change, or the same at another address, has a key of its own', async () => {
    const keys = aServer(['lost', 201, 201]);
    await failure(postJson('/api/legal-cases/c1/events', HEARING));
    await postJson('/api/legal-cases/c1/events', {
      ...HEARING,
      occurredAt: '2025-06-09T05:30:00.000Z',
    });
    await postJson('/api/legal-cases/c2/events', HEARING);
    expect(new Set(keys).size).toBe(3);
  });

  it('a change the server makes each time it is sent goes without a key: reload first', async () => {
    const keys = aServer(['lost']);
    const lost = await failure(postJson('/api/auth/password', { newPassword: 'x' }, 'each-time'));
    expect(keys).toEqual([undefined]);
    expect(lost.mayHaveLanded).toBe(true);
    expect(lost.resendIsSafe).toBe(false);
  });

  it('a read sent as a POST goes without a key, and a lost answer is only no answer', async () => {
    const keys = aServer(['lost']);
    const lost = await failure(postJson('/api/persons/similar', { legalName: 'Test' }, 'retry'));
    expect(keys).toEqual([undefined]);
    expect(lost.code).toBe('NETWORK_ERROR');
    expect(lost.mayHaveLanded).toBe(false);
  });

  it('reads and replacements go without a key, and are not said to be safe to resend', async () => {
    const keys = aServer([200, 'lost']);
    await getJson('/api/persons');
    const lost = await failure(putJson('/api/persons/p1/identity', { legalName: 'Test' }));
    expect(keys).toEqual([undefined, undefined]);
    expect(lost.mayHaveLanded).toBe(true);
    expect(lost.resendIsSafe).toBe(false);
  });
});

/** An XMLHttpRequest that records each upload's Idempotency-Key and answers as scripted. */
function anUploadServer(answers: ('lost' | number)[]) {
  const keys: (string | undefined)[] = [];
  class ScriptedRequest {
    status = 0;
    statusText = '';
    responseText = '';
    withCredentials = false;
    upload: { onprogress?: unknown } = {};
    onerror?: () => void;
    onload?: () => void;
    private readonly headers: Record<string, string> = {};
    open() {}
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    send() {
      keys.push(this.headers['idempotency-key']);
      const answer = answers.shift() ?? 201;
      queueMicrotask(() => {
        if (answer === 'lost') return this.onerror?.();
        this.status = answer;
        this.responseText = JSON.stringify(
          answer < 300 ? { id: 'd1' } : { error: { code: 'CONFLICT', message: 'Reload' } },
        );
        this.onload?.();
      });
    }
  }
  vi.stubGlobal('XMLHttpRequest', ScriptedRequest);
  return keys;
}

function aScan(title: string, file = new File(['%PDF-1.4 test'], 'fir.pdf')): FormData {
  const form = new FormData();
  form.set('type', 'fir_copy');
  form.set('title', title);
  form.set('file', file);
  return form;
}

describe('an upload whose answer was lost, sent again', () => {
  it('goes with the same key (the server stores it once) but is not said to be safe to resend', async () => {
    const keys = anUploadServer(['lost', 409, 201]);
    const file = new File(['%PDF-1.4 test'], 'fir.pdf', { lastModified: 1 });
    const lost = await failure(postMultipart('/api/documents', aScan('FIR copy', file)));
    expect(lost.mayHaveLanded).toBe(true);
    expect(lost.resendIsSafe).toBe(false);
    const resent = await failure(postMultipart('/api/documents', aScan('FIR copy', file)));
    expect(resent.code).toBe('CONFLICT');
    // Another document: a key of its own.
    await postMultipart('/api/documents', aScan('Medical report', file));
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });
});
