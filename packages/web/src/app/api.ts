/**
 * The one way the web app talks to Dawn's server: same-origin cookies, the session's CSRF token on
 * every write, and failures as `ApiError` carrying the server's code, message and field issues.
 * Personal data travels only in request bodies, never in URLs.
 */

import i18n from '../i18n/i18n.ts';
import { serverIssueMessage } from './forms/field-messages.ts';

/** One field the server refused, e.g. `{ path: 'body.reason', message: 'say why…' }`. */
export interface FieldIssue {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'LAST_TEAM_MEMBER'
  | 'CONSENT_REQUIRED'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL'
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR';

/** A failed API call, carrying the server's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** A change was sent (not a read): when no answer came, it may have been made all the same. */
    readonly wasWrite = false,
    /**
     * The change went with an `Idempotency-Key` that sending it again reuses: the server makes it
     * once however often it arrives, so saving again is safe.
     */
    readonly resendIsSafe = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * The change may have been made although no answer said so: the connection dropped after the
   * request left, or a proxy in front of Dawn gave up waiting (502, 504). Trying again blindly
   * could record it twice (a hearing, a person); reloading shows whether it is there.
   */
  get mayHaveLanded(): boolean {
    return this.wasWrite && (this.code === 'NETWORK_ERROR' || [502, 504].includes(this.status));
  }

  /**
   * What to say beside one field the server refused (matched on the end of its path), in the
   * reader's language; the server's own message stays in `issues` for whoever debugs.
   */
  issueFor(field: string): string | undefined {
    const message = this.serverIssueFor(field);
    return message === undefined ? undefined : serverIssueMessage(message, i18n.t);
  }

  /**
   * The server's own words for one field, for a form that knows them and says them its own way
   * (the password and reveal-reason forms map them to their translated problems).
   */
  serverIssueFor(field: string): string | undefined {
    return this.issues.find(
      (candidate) => candidate.path === field || candidate.path.endsWith(`.${field}`),
    )?.message;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | undefined;

/** The session's CSRF token, sent as `x-csrf-token` on writes; set whenever a session is read. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface ErrorBody {
  error?: { code?: string; message?: string; issues?: FieldIssue[] };
}

/**
 * The `Idempotency-Key` of each change posted whose answer was lost, by what was posted: the same
 * change posted again (the worker presses Save again) goes with the same key, and the server makes
 * it once (server `platform/idempotency.ts`). Any answer lets the key go; a new change, or the same
 * one once answered, gets a new key. In memory only: a reload forgets them, and shows what is there.
 */
const unansweredKeys = new Map<string, string>();
const MAX_UNANSWERED_KEYS = 20;

function newIdempotencyKey(): string {
  // getRandomValues, not randomUUID: the latter needs a secure context, and a programme may serve
  // Dawn over plain HTTP on its own network.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The key a change goes with: the one kept for it after its answer was lost, or a new one. */
function keyFor(change: string): string {
  return unansweredKeys.get(change) ?? newIdempotencyKey();
}

/** Keeps a change's key for when it is sent again; the oldest forgotten past a few. */
function keepUnansweredKey(change: string, key: string): void {
  unansweredKeys.delete(change);
  unansweredKeys.set(change, key);
  const oldest = unansweredKeys.keys().next().value;
  if (unansweredKeys.size > MAX_UNANSWERED_KEYS && oldest !== undefined)
    unansweredKeys.delete(oldest);
}

/**
 * What a POST is: a change made once however often it is sent (`'change'`, the default: it goes
 * with an `Idempotency-Key`); a change the server makes each time it arrives (`'each-time'`: a
 * password changed, a reset, a feed replaced; after a lost answer the page says to reload first);
 * or one sent again freely (`'retry'`: a read sent as a POST, such as a search, a comparison, a dry
 * run or an audited reveal, and a sign-in step; a lost answer is only a server that did not
 * answer).
 */
export type PostKind = 'change' | 'each-time' | 'retry';

async function request<T>(
  method: Method,
  url: string,
  body: unknown,
  acceptStatuses: number[] = [],
  extraHeaders: Record<string, string> = {},
  kind: PostKind = 'change',
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  const text = body !== undefined ? JSON.stringify(body) : undefined;
  if (text !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const write = method !== 'GET' && kind !== 'retry';
  const change = method === 'POST' && kind === 'change' ? `${url}\n${text ?? ''}` : undefined;
  const key = change === undefined ? undefined : keyFor(change);
  if (key !== undefined) headers['idempotency-key'] = key;
  // Kept for the same change sent again.
  const keepKey = () => {
    if (change !== undefined && key !== undefined) keepUnansweredKey(change, key);
  };
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(text !== undefined ? { body: text } : {}),
    });
  } catch {
    keepKey();
    throw new ApiError(0, 'NETWORK_ERROR', 'The server does not answer.', [], write, !!key);
  }
  // A proxy that gave up waiting, or lost the server, after the change may have been made.
  if ([502, 504].includes(response.status)) keepKey();
  else if (change !== undefined) unansweredKeys.delete(change);
  if (!response.ok && !acceptStatuses.includes(response.status)) {
    const parsed = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
    throw new ApiError(
      response.status,
      (parsed?.error?.code as ErrorCode | undefined) ?? 'HTTP_ERROR',
      parsed?.error?.message ?? response.statusText,
      parsed?.error?.issues ?? [],
      write,
      !!key,
    );
  }
  return (await response.json()) as T;
}

export function getJson<T>(url: string, options: { acceptStatuses?: number[] } = {}): Promise<T> {
  return request<T>('GET', url, undefined, options.acceptStatuses);
}

/**
 * A POST; `kind` says whether it is a change made once (the default), made each time, or sent
 * again freely.
 */
export function postJson<T>(
  url: string,
  body: unknown = {},
  kind: PostKind = 'change',
): Promise<T> {
  return request<T>('POST', url, body, [], {}, kind);
}

/** A PUT; `headers` for its preconditions (`If-Match`), never for anything personal. */
export function putJson<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return request<T>('PUT', url, body, [], headers);
}

export function patchJson<T>(url: string, body: unknown): Promise<T> {
  return request<T>('PATCH', url, body);
}

export function deleteJson<T>(url: string): Promise<T> {
  return request<T>('DELETE', url, undefined);
}

/**
 * What an upload is, to tell the same upload sent again from another: its fields, and its file by
 * name, size, type and when it was last changed (not its bytes).
 */
function multipartChange(url: string, form: FormData): string {
  const entries = [...form.entries()].map(([name, value]) =>
    typeof value === 'string'
      ? [name, value]
      : [name, 'file', value.name, value.size, value.type, value.lastModified],
  );
  return `${url}\n${JSON.stringify(entries)}`;
}

/**
 * Posts a multipart form (an upload), with the CSRF token, reporting upload progress from 0 to 1.
 * XMLHttpRequest rather than fetch: fetch does not report how much of a request body has been sent.
 * It goes with an `Idempotency-Key`, the same one when the same upload is sent again after its
 * answer was lost: the server then refuses it as already sent (reload to see it) instead of
 * storing the document twice. It is not answered as the first was, so saving again is not said to
 * be safe: the page says to reload first.
 */
export function postMultipart<T>(
  url: string,
  form: FormData,
  onProgress?: (fraction: number) => void,
): Promise<T> {
  const change = multipartChange(url, form);
  const key = keyFor(change);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('idempotency-key', key);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => {
      keepUnansweredKey(change, key);
      reject(new ApiError(0, 'NETWORK_ERROR', 'The server does not answer.', [], true));
    };
    xhr.onload = () => {
      if ([502, 504].includes(xhr.status)) keepUnansweredKey(change, key);
      else unansweredKeys.delete(change);
      let parsed: unknown;
      try {
        parsed = JSON.parse(xhr.responseText) as unknown;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(parsed as T);
        return;
      }
      const error = (parsed as ErrorBody | undefined)?.error;
      reject(
        new ApiError(
          xhr.status,
          (error?.code as ErrorCode | undefined) ?? 'HTTP_ERROR',
          error?.message ?? xhr.statusText,
          error?.issues ?? [],
          true,
        ),
      );
    };
    xhr.send(form);
  });
}

/** A query string from the defined, non-empty values only. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') parameters.set(key, String(value));
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

/**
 * Posts JSON and receives a file (an export), with the CSRF token, reporting download progress
 * from 0 to 1 (the server sends content-length). Resolves with the file and its response headers.
 */
export function postForFile(
  url: string,
  body: unknown,
  onProgress?: (fraction: number) => void,
): Promise<{ file: Blob; fileName: string; header: (name: string) => string | null }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.responseType = 'blob';
    xhr.setRequestHeader('content-type', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => {
      reject(new ApiError(0, 'NETWORK_ERROR', 'The server does not answer.'));
    };
    xhr.onload = () => {
      const blob = xhr.response as Blob;
      if (xhr.status >= 200 && xhr.status < 300) {
        const disposition = xhr.getResponseHeader('content-disposition') ?? '';
        resolve({
          file: blob,
          fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'dawn-export',
          header: (name) => xhr.getResponseHeader(name),
        });
        return;
      }
      void blob.text().then((text) => {
        let parsed: ErrorBody | undefined;
        try {
          parsed = JSON.parse(text) as ErrorBody;
        } catch {
          parsed = undefined;
        }
        reject(
          new ApiError(
            xhr.status,
            (parsed?.error?.code as ErrorCode | undefined) ?? 'HTTP_ERROR',
            parsed?.error?.message ?? xhr.statusText,
            parsed?.error?.issues ?? [],
          ),
        );
      });
    };
    xhr.send(JSON.stringify(body));
  });
}
