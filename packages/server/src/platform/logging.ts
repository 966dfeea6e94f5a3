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
