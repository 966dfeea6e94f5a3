import { ROLES } from '@dawn/core';
import { z } from 'zod';

export const sessionViewSchema = z.object({
  stage: z.enum([
    'password_change_required',
    'two_factor_required',
    'two_factor_enrolment_required',
    'active',
  ]),
  csrfToken: z
    .string()
    .describe('Send as the x-csrf-token header on every write made with the session cookie'),
  expiresAt: z.string(),
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    organisationId: z.uuid(),
    roles: z.array(z.enum(ROLES)),
    twoFactorEnabled: z.boolean(),
  }),
});

export const signInBodySchema = z.object({
  email: z.string().trim().min(1, 'is required').max(320),
  password: z.string().min(1, 'is required').max(1024),
});

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(1024),
  newPassword: z.string().max(1024),
});

export const codeBodySchema = z.object({
  code: z.string().trim().min(6, 'is the 6-digit code or a recovery code').max(32),
});

export const enrolmentSchema = z.object({
  secret: z.string().describe('Base32 secret, for typing into an authenticator app by hand'),
  otpauthUrl: z.string(),
  qrCodeDataUrl: z.string(),
});

export const enrolmentConfirmedSchema = sessionViewSchema.extend({
  recoveryCodes: z.array(z.string()).describe('Shown once: each signs in once in place of a code'),
});
