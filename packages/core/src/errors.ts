/**
 * The one error type of Dawn. Every layer throws it; the server maps `code` to an HTTP status in
 * one place. Messages are for people and must never hold personal data (names, phones, addresses).
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  /** Removing the last member of a case team would leave the case with nobody to work it. */
  | 'LAST_TEAM_MEMBER'
  | 'CONSENT_REQUIRED'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.victims.0.birthDate`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: { issues?: FieldIssue[] } | undefined;

  constructor(code: ErrorCode, message: string, details?: { issues?: FieldIssue[] }) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
