import { z } from 'zod';
import { ROLES } from './roles.ts';

/** The fields of the user forms (invite, edit), checked alike by the server and the browser. */
export const userRolesSchema = z.array(z.enum(ROLES)).min(1, 'give at least one role');

export const userDisplayNameSchema = z.string().trim().min(1, 'is required').max(200);

export const newUserSchema = z.object({
  email: z.email('is not an e-mail address').max(320),
  displayName: userDisplayNameSchema,
  roles: userRolesSchema,
  organisationId: z.uuid('is not an organisation id'),
});

export const USER_STATUSES = ['active', 'disabled'] as const;

/** A change to a user; every field may be left out (the server asks for at least one). */
export const userChangeSchema = z.object({
  displayName: userDisplayNameSchema.optional(),
  roles: userRolesSchema.optional(),
  status: z.enum(USER_STATUSES).optional(),
});
