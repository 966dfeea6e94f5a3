import type { Scope } from '@dawn/core';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { toIndiaIso, type Executor } from '../legal-cases/legal-case.repository.ts';

export function visibleRescueOperations(actor: Actor, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'rescue_operation'>) => {
    switch (scope) {
      case 'all':
        return eb.val(true);
      case 'organisation':
        return eb('rescue_operation.organisation_id', '=', actor.organisationId);
      case 'team':
        return eb.exists(
          eb
            .selectFrom('team_membership')
            .select(sql`1`.as('one'))
            .where('team_membership.entity_type', '=', 'rescue_operation')
            .whereRef('team_membership.entity_id', '=', 'rescue_operation.id')
            .where('team_membership.user_id', '=', actor.userId),
        );
      case 'shared':
        return eb.exists(
          eb
            .selectFrom('rescue_operation_share')
            .select(sql`1`.as('one'))
            .whereRef('rescue_operation_share.rescue_operation_id', '=', 'rescue_operation.id')
            .where('rescue_operation_share.organisation_id', '=', actor.organisationId),
        );
      case 'shelter':
        return eb.val(false);
      default: {
        const unreachable: never = scope;
        return unreachable;
      }
    }
  };
}

export interface RescueOperationView {
  id: string;
  organisationId: string;
  occurredAt: string;
  district: string;
  hasLocation: boolean;
  legalBasis: string;
  policeUnitId: string | null;
  officialIds: string[];
  ngoStaffIds: string[];
  legalCaseId: string | null;
  rescued: { personId: string; pseudonym: string }[];
  arrested: { personId: string; pseudonym: string }[];
  createdAt: string;
}

export async function rescueOperationViews(
  db: Executor,
  actor: Actor,
  scope: Scope,
  filter: { id?: string; limit: number; offset: number },
): Promise<RescueOperationView[]> {
  let query = db
    .selectFrom('rescue_operation')
    .selectAll()
    .where(visibleRescueOperations(actor, scope));
  if (filter.id) query = query.where('id', '=', filter.id);
  const rows = await query
    .orderBy('occurred_at', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  if (rows.length === 0) return [];
  const persons = await db
    .selectFrom('rescue_operation_person')
    .innerJoin('person', 'person.id', 'rescue_operation_person.person_id')
    .select([
      'rescue_operation_person.rescue_operation_id',
      'rescue_operation_person.role',
      'person.id',
      'person.pseudonym',
    ])
    .where(
      'rescue_operation_person.rescue_operation_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('person.pseudonym')
    .execute();
  const of = (id: string, role: 'rescued' | 'arrested') =>
    persons
      .filter((person) => person.rescue_operation_id === id && person.role === role)
      .map((person) => ({ personId: person.id, pseudonym: person.pseudonym }));
  return rows.map((row) => ({
    id: row.id,
    organisationId: row.organisation_id,
    occurredAt: toIndiaIso(row.occurred_at),
    district: row.district,
    hasLocation: row.location_sealed !== null,
    legalBasis: row.legal_basis,
    policeUnitId: row.police_unit_id,
    officialIds: row.official_ids,
    ngoStaffIds: row.ngo_staff_ids,
    legalCaseId: row.legal_case_id,
    rescued: of(row.id, 'rescued'),
    arrested: of(row.id, 'arrested'),
    createdAt: toIndiaIso(row.created_at),
  }));
}
