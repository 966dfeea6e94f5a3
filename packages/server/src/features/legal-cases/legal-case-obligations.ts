import {
  evaluate,
  indiaPack,
  resultFromStored,
  type DeadlineResult,
  type Scope,
  type StoredObligation,
} from '@dawn/core';
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { deadlineInputsFor } from './legal-case-obligation-inputs.ts';
import { visibleLegalCases } from './legal-case.repository.ts';

/**
 * A legal case's statutory obligations as of `asOf`, computed on read by the core engine from the
 * case's effective timeline, read as the sweep reads it (`deadlineInputsFor`). The caller checks
 * access.
 */
export async function obligationsForLegalCase(
  db: Kysely<DatabaseSchema>,
  caseId: string,
  asOf: Date,
  vault?: Vault,
): Promise<DeadlineResult> {
  // The sweep's own reading of a case's facts: two statements, whatever the parties and events.
  const input = (await deadlineInputsFor(db, [caseId], asOf, vault)).get(caseId);
  if (!input) throw new Error('the legal case was not found');
  return evaluate(input);
}

/**
 * The case's regime and obligations as the sweep (or its last event) stored them, if the caller
 * may see the case in `scope`: one named statement a scope, the access check included (issue 11),
 * the obligations on their (case_type, case_id, obligation_key) key.
 */
const storedObligationsRead = preparedSelect(
  (db, values: { caseId: string; userId: string; organisationId: string }, scope) =>
    db
      .selectFrom('legal_case')
      .select(['legal_case.deadline_regime', 'legal_case.deadline_regime_explanation'])
      .select(
        sql<StoredObligationJson[]>`coalesce((select json_agg(json_build_object(
            'rule', obligation.rule, 'citation', obligation.citation,
            'subject', obligation.subject, 'starts_at', obligation.starts_at,
            'due_at', obligation.due_at, 'status', obligation.status,
            'met_at', obligation.met_at, 'consequence', obligation.consequence,
            'title', obligation.title, 'confidence', obligation.confidence,
            'unconfirmed', obligation.unconfirmed,
            'responsible_role', obligation.responsible_role,
            'alerts_at', obligation.alerts_at, 'explanation', obligation.explanation))
          from obligation where obligation.case_type = 'legal_case'
            and obligation.case_id = legal_case.id), '[]')`.as('obligations'),
      )
      .where('legal_case.id', '=', values.caseId)
      .where(visibleLegalCases(values, scope as Scope)),
  { named: true },
);

type StoredObligationJson = {
  rule: string;
  citation: string;
  subject: string | null;
  starts_at: string;
  due_at: string;
  status: StoredObligation['status'];
  met_at: string | null;
  consequence: string;
  title: string;
  confidence: StoredObligation['confidence'];
  unconfirmed: boolean;
  responsible_role: string;
  alerts_at: string[];
  explanation: StoredObligation['explanation'];
};

/**
 * The case's obligations as the sweep (or its last event) stored them, read as of `asOf`: no
 * events read, no vault opened, no engine run. A case never evaluated yet (no stored regime) is
 * computed on read. The caller checks access.
 */
export async function storedObligationsForLegalCase(
  db: Kysely<DatabaseSchema>,
  caseId: string,
  asOf: Date,
  vault?: Vault,
): Promise<DeadlineResult> {
  const [row] = await storedObligationsRead.execute(db, 'all', {
    caseId,
    userId: '',
    organisationId: '',
  });
  if (!row) throw new Error('the legal case was not found');
  return resultOf(db, row, caseId, asOf, vault);
}

/**
 * `storedObligationsForLegalCase` with the access check in its statement: undefined when the
 * case is gone or `actor` may not see it in `scope`.
 */
export async function visibleStoredObligations(
  db: Kysely<DatabaseSchema>,
  access: { actor: Actor; scope: Scope },
  caseId: string,
  asOf: Date,
  vault?: Vault,
): Promise<DeadlineResult | undefined> {
  const [row] = await storedObligationsRead.execute(db, access.scope, {
    caseId,
    userId: access.actor.userId,
    organisationId: access.actor.organisationId,
  });
  return row ? resultOf(db, row, caseId, asOf, vault) : undefined;
}

async function resultOf(
  db: Kysely<DatabaseSchema>,
  row: {
    deadline_regime: string | null;
    deadline_regime_explanation: string | null;
    obligations: StoredObligationJson[];
  },
  caseId: string,
  asOf: Date,
  vault: Vault | undefined,
): Promise<DeadlineResult> {
  if (row.deadline_regime === null || row.deadline_regime_explanation === null)
    return obligationsForLegalCase(db, caseId, asOf, vault);
  // The rows arrive as JSON: instants as text, read back to the instant they were stored as.
  const instant = (text: string) => Date.parse(text);
  const stored = row.obligations.map((obligation): StoredObligation => ({
    rule: obligation.rule,
    citation: obligation.citation,
    subject: obligation.subject,
    startsAt: instant(obligation.starts_at),
    dueAt: instant(obligation.due_at),
    status: obligation.status,
    metAt: obligation.met_at === null ? null : instant(obligation.met_at),
    consequence: obligation.consequence as StoredObligation['consequence'],
    title: obligation.title,
    confidence: obligation.confidence,
    unconfirmed: obligation.unconfirmed,
    responsibleRole: obligation.responsible_role as StoredObligation['responsibleRole'],
    alertsAt: obligation.alerts_at.map(instant),
    explanation: obligation.explanation,
  }));
  return resultFromStored(
    indiaPack,
    { regime: row.deadline_regime, regimeExplanation: row.deadline_regime_explanation },
    stored,
    asOf.getTime(),
  );
}
