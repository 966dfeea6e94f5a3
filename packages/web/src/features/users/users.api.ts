import type { Role } from '@dawn/core';
import { getJson, patchJson, postJson } from '../../app/api.ts';

/** Mirrors the server's `userSchema` (features/users/user.routes.ts). */
export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  organisationId: string;
  organisationName: string;
  roles: Role[];
  status: 'active' | 'disabled';
  twoFactorEnabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

export interface Organisation {
  id: string;
  name: string;
  kind: string;
  district: string | null;
  state: string | null;
}

export interface NewUser {
  email: string;
  displayName: string;
  roles: Role[];
  organisationId: string;
}

export type UserChange = Partial<Pick<UserSummary, 'displayName' | 'roles' | 'status'>>;

export const USERS_QUERY_KEY = ['users'] as const;

export const usersApi = {
  list: () => getJson<{ users: UserSummary[] }>('/api/users'),
  organisations: () => getJson<{ organisations: Organisation[] }>('/api/organisations'),
  create: (body: NewUser) =>
    postJson<{ oneTimePassword: string; user: UserSummary }>('/api/users', body),
  update: (id: string, change: UserChange) =>
    patchJson<UserSummary>(`/api/users/${encodeURIComponent(id)}`, change),
  resetPassword: (id: string) =>
    postJson<{ oneTimePassword: string }>(
      `/api/users/${encodeURIComponent(id)}/reset-password`,
      {},
      'each-time',
    ),
  resetTwoFactor: (id: string) =>
    postJson<{ reset: true }>(
      `/api/users/${encodeURIComponent(id)}/reset-two-factor`,
      {},
      'each-time',
    ),
};
