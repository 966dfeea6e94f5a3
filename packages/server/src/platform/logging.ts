import { Writable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/**
 * Personal fields that must never reach a log line, wherever they appear in a logged object.
 * Routes never log bodies; this list is the safety net if someone logs one by mistake.
 */
export const REDACTED_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'secret',
  'totp',
  'code',
  'legalName',
  'name',
  'aliases',
  'familyNames',
  'birthDate',
  'phone',
  'phones',
  'address',
  'addresses',
  'photo',
  'identityDocuments',
  'reason',
  'email',
];

/** Path parameters that are secrets (the calendar feed's token is its file name). */
export const SECRET_PATH_PARAMS = ['file', 'token'];

/**
 * The URL as logged: the path only (query strings can carry search terms, such as a name being
 * looked up), with any secret path parameter replaced, so a log reader cannot reuse a feed link.
 */
export function loggableUrl(request: FastifyRequest): string {
  let url = request.url.split('?')[0] ?? '';
  const params = (request.params ?? {}) as Record<string, unknown>;
  for (const name of SECRET_PATH_PARAMS) {
    const value = params[name];
    if (typeof value === 'string' && value.length > 0) {
      url = url.replaceAll(value, '[redacted]').replaceAll(encodeURIComponent(value), '[redacted]');
    }
  }
  return url;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        ...REDACTED_FIELDS,
        ...REDACTED_FIELDS.map((field) => `*.${field}`),
        ...REDACTED_FIELDS.map((field) => `*.*.${field}`),
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: loggableUrl(request),
          route: request.routeOptions.url,
          remoteAddress: request.ip,
        };
      },
    },
  };
}

export type LogFormat = 'auto' | 'pretty' | 'json';

/** JSON for machines (not a terminal, or asked for); one readable line per event in a terminal. */
export function logsArePretty(format: LogFormat, isTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && isTerminal);
}

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

interface LogLine {
  level?: number;
  time?: number;
  msg?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  errorName?: string;
}

/**
 * One JSON log line as a person reads it in a terminal: `10:42:07 INFO  GET /api/my-work 200
 * 12 ms`. Only fields the server logs are shown; redaction happened before the line was written.
 */
export function prettyLogLine(json: string): string {
  let line: LogLine;
  try {
    line = JSON.parse(json) as LogLine;
  } catch {
    return json.trimEnd();
  }
  const time = new Date(line.time ?? Date.now()).toTimeString().slice(0, 8);
  const level = LEVELS[line.level ?? 30] ?? 'INFO ';
  if (line.req && line.res)
    return `${time} ${level} ${line.req.method ?? ''} ${line.req.url ?? ''} ${String(
      line.res.statusCode ?? '',
    )} ${Math.round(line.responseTime ?? 0)} ms`;
  const extra = [line.errorName, line.reqId ? `request ${line.reqId}` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${time} ${level} ${line.msg ?? ''}${extra ? ` (${extra})` : ''}`;
}

/** A stream that turns pino's JSON lines into readable ones before they reach `out`. */
export function prettyLogStream(out: NodeJS.WritableStream): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) out.write(`${prettyLogLine(line)}\n`);
      callback();
    },
  });
}
