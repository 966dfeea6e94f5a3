import { isConsentActive } from '@dawn/core';
import type { Selectable } from 'kysely';
import type { ConsentTable } from '../../platform/db/schema-care-cases.ts';
import type { Executor } from '../care-cases/care-case.repository.ts';
import type { ConsentView } from '../care-cases/care-case.schemas.ts';

const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

export function toConsentView(row: Selectable<ConsentTable>, now = new Date()): ConsentView {
  const givenAt = new Date(row.given_at).toISOString();
  const record = {
    purpose: row.purpose,
    givenAt,
    withdrawnAt: iso(row.withdrawn_at),
    expiresAt: iso(row.expires_at),
  };
  return {
    id: row.id,
    purpose: row.purpose,
    givenAt,
    givenBy: row.given_by,
    method: row.method,
    language: row.language,
    expiresAt: record.expiresAt,
    withdrawnAt: record.withdrawnAt,
    active: isConsentActive([record], row.purpose, now),
  };
}

/** Every consent recorded for a person, newest first. */
export async function consentsOfPerson(db: Executor, personId: string): Promise<ConsentView[]> {
  const rows = await db
    .selectFrom('consent')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('given_at', 'desc')
    .execute();
  return rows.map((row) => toConsentView(row));
}
