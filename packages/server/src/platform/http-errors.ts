import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode, type FieldIssue } from '@dawn/core';
import { isAbandonedQuery } from './db/query-cancellation.ts';

/** The one place where Dawn's error codes become HTTP statuses. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'LAST_TEAM_MEMBER':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'CONSENT_REQUIRED':
      return 422;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/**
 * PostgreSQL's codes for a write that lost a race with another at the same moment: the same key
 * written twice (a form saved twice by a double click or a retried request, two people recording
 * one thing), a deadlock, a serialisation failure. A use-case checks what it can first; what
 * slips between its check and its write is answered as a conflict, not as Dawn's own failure.
 */
const CONCURRENT_WRITE_CODES: ReadonlySet<string> = new Set(['23505', '40001', '40P01']);

export const CONCURRENT_CHANGE_MESSAGE =
  'Someone saved the same thing at the same moment. Reload to see what is there now, and try again if it is still needed.';

function concurrentWriteOf(error: Error): { code: string; constraint?: string } | undefined {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string' || !CONCURRENT_WRITE_CODES.has(code)) return undefined;
  return typeof constraint === 'string' ? { code, constraint } : { code };
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; issues?: FieldIssue[] };
}

/**
 * The router's own refusals, before any route or hook runs: an address whose `%` escapes are not
 * UTF-8 (a link garbled in a message) or a path part longer than the router reads. Answered in
 * Dawn's shape, as every other refusal, instead of Fastify's bare one. Fastify's
 * `frameworkErrors` option.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A part of the address is longer than any id; check the link.'
      : 'The address is not valid (a %-escape that is not text); check the link.';
  void reply.status(400).send({
    error: { code: 'VALIDATION_FAILED', message, requestId: request.id },
  } satisfies ErrorBody);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError | Error, request, reply) => {
    const requestId = request.id;
    if (error instanceof DomainError) {
      const body: ErrorBody = {
        error: { code: error.code, message: error.message, requestId, ...error.details },
      };
      return reply.status(httpStatusOf(error.code)).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const part = error.validationContext ?? 'request';
      const issues: FieldIssue[] = error.validation.map((issue) => ({
        path: [part, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'is invalid',
      }));
      const first = issues[0];
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: first ? `${first.path}: ${first.message}` : 'The request is invalid.',
          requestId,
          issues,
        },
      } satisfies ErrorBody);
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.statusCode !== undefined && fastifyError.statusCode < 500) {
      const code: ErrorCode =
        fastifyError.statusCode === 413
          ? 'PAYLOAD_TOO_LARGE'
          : fastifyError.statusCode === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : fastifyError.statusCode === 429
              ? 'RATE_LIMITED'
              : fastifyError.statusCode === 404
                ? 'NOT_FOUND'
                : 'VALIDATION_FAILED';
      return reply.status(fastifyError.statusCode).send({
        error: { code, message: fastifyError.message, requestId },
      } satisfies ErrorBody);
    }
    const concurrent = concurrentWriteOf(error);
    if (concurrent) {
      // The constraint's name says which write lost; the error's message could quote the values.
      request.log.warn(concurrent, 'a write lost a race with another');
      return reply.status(409).send({
        error: { code: 'CONFLICT', message: CONCURRENT_CHANGE_MESSAGE, requestId },
      } satisfies ErrorBody);
    }
    if (isAbandonedQuery(error)) {
      // The client went away and its query was cancelled: no one is left to answer.
      request.log.info('request abandoned by the client; its query was cancelled');
      return reply.status(499).send();
    }
    // Unknown errors: log the kind and where, never the message (a database error can quote the
    // values that were written, and those may be personal).
    request.log.error(
      { errorName: error.name, errorCode: fastifyError.code, stack: stackWithoutMessage(error) },
      'unhandled error',
    );
    return reply.status(500).send({
      error: {
        code: 'INTERNAL',
        message: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
        requestId,
      },
    } satisfies ErrorBody);
  });
}

function stackWithoutMessage(error: Error): string | undefined {
  return error.stack?.split('\n').slice(1).join('\n');
}
