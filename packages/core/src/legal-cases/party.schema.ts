import { z } from 'zod';

export const PARTY_ROLES = ['victim', 'accused'] as const;

/** A victim or an accused added to a legal case, by person id (the case gives a reference). */
export const newPartySchema = z.object({
  role: z.enum(PARTY_ROLES),
  personId: z.uuid('is not a person id'),
});
