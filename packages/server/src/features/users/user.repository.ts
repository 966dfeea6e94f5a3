import { isRole, type Role } from '@dawn/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DatabaseSchema, UserTable } from '../../platform/db/schema.ts';

type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;
export type UserRow = Selectable<UserTable>;

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

export function rolesOf(row: { roles: string[] }): Role[] {
  return row.roles.filter(isRole);
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
}

export async function findUser(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(
  db: Executor,
  filter: { organisationId?: string; id?: string },
): Promise<UserSummary[]> {
  let query = db
    .selectFrom('app_user')
    .innerJoin('organisation', 'organisation.id', 'app_user.organisation_id')
    .select([
      'app_user.id',
      'app_user.email',
      'app_user.display_name',
      'app_user.organisation_id',
      'organisation.name as organisation_name',
      'app_user.roles',
      'app_user.status',
      'app_user.totp_enabled_at',
      'app_user.must_change_password',
      'app_user.created_at',
    ])
    .orderBy('app_user.display_name');
  if (filter.organisationId)
    query = query.where('app_user.organisation_id', '=', filter.organisationId);
  if (filter.id) query = query.where('app_user.id', '=', filter.id);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    roles: rolesOf(row),
    status: row.status,
    twoFactorEnabled: row.totp_enabled_at !== null,
    mustChangePassword: row.must_change_password,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
