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
      // Log the route's path only: query strings can carry search terms (a name being looked up).
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: request.url.split('?')[0],
          route: request.routeOptions.url,
          remoteAddress: request.ip,
        };
      },
    },
  };
}
