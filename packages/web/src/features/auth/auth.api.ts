import type { Role } from '@dawn/core';
import { getJson, postJson } from '../../app/api.ts';

/** Mirrors the server's `sessionViewSchema` (features/auth/auth.schemas.ts). */
export type SessionStage =
  'password_change_required' | 'two_factor_required' | 'two_factor_enrolment_required' | 'active';

export interface SessionView {
  stage: SessionStage;
  csrfToken: string;
  expiresAt: string;
  user: {
    id: string;
    email: string;
    displayName: string;
    organisationId: string;
    roles: Role[];
    twoFactorEnabled: boolean;
  };
}

export interface Enrolment {
  secret: string;
  otpauthUrl: string;
  qrCodeDataUrl: string;
}

export type EnrolmentConfirmed = SessionView & { recoveryCodes: string[] };

export const SESSION_QUERY_KEY = ['auth', 'session'] as const;

/** The current session, or null when nobody is signed in on this browser. */
export async function fetchSession(): Promise<SessionView | null> {
  const view = await getJson<SessionView | { error: unknown }>('/api/auth/session', {
    acceptStatuses: [401],
  });
  return 'stage' in view ? view : null;
}

export const authApi = {
  signIn: (body: { email: string; password: string }) =>
    postJson<SessionView>('/api/auth/sign-in', body, 'retry'),
  verifySecondFactor: (code: string) =>
    postJson<SessionView>('/api/auth/two-factor/verify', { code }, 'retry'),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    postJson<SessionView>('/api/auth/password', body, 'each-time'),
  startEnrolment: () => postJson<Enrolment>('/api/auth/two-factor/enrolment', {}, 'each-time'),
  confirmEnrolment: (code: string) =>
    postJson<EnrolmentConfirmed>('/api/auth/two-factor/enrolment/confirm', { code }, 'each-time'),
  signOut: (everywhere: boolean) =>
    postJson<{ signedOut: true }>(
      everywhere ? '/api/auth/sign-out-everywhere' : '/api/auth/sign-out',
    ),
};
