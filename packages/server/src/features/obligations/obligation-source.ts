import type { Obligation, Permission, RulePack, Scope } from '@dawn/core';
import type { Expression, ExpressionBuilder, Kysely, SqlBool, Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/**
 * A kind of case whose events the deadline engine reads (legal cases first; care cases could
 * follow). The sweep, the obligation lists and the alerts know cases only through this.
 */
export interface ObligationSource {
  /** The case table's name; also the `entity_type` of its team memberships. */
  caseType: string;
  /** Seeing a case's obligations needs the same permission as seeing the case. */
  readPermission: Permission;
  /**
   * The rule pack its obligations are evaluated with: a stored explanation leaves out what the
   * pack's rule says, and is read back with it.
   */
  pack: RulePack;
  /** Every case to evaluate, with the code alerts and e-mails name it by. */
  listCases(
    db: Kysely<DatabaseSchema>,
  ): Promise<{ id: string; organisationId: string; code: string }[]>;
  /**
   * Optional (issue 11): only the cases a sweep at `asOf` must evaluate — what the engine reads
   * changed since their obligations were stored, their result changes with the clock by `asOf`,
   * or they were stored as of a later instant — found by index, and how many cases there are in
   * all. `computeWithRegimes` then records, beside the obligations, what they were computed from.
   * Without it every case is evaluated at every sweep.
   */
  casesToSweep?(
    db: Kysely<DatabaseSchema>,
    asOf: Date,
  ): Promise<{ cases: { id: string; organisationId: string; code: string }[]; total: number }>;
  /**
   * With `casesToSweep`: what the obligations depend on besides each case's data (the rule pack,
   * Dawn's release). When it differs from the one the last sweep stored, every case is evaluated.
   */
  fingerprint?: string;
  /**
   * The obligations of each of `caseIds` as of `asOf`, from their events (the core engine does the
   * work), read in a fixed number of statements whatever the number of cases: the sweep calls it
   * with a batch of cases, recording an event with one. A case left out of the map is gone.
   */
  compute(
    db: Kysely<DatabaseSchema>,
    caseIds: readonly string[],
    asOf: Date,
  ): Promise<Map<string, Obligation[]>>;
  /**
   * Optional: the same computation, with what the case's own deadline view shows beside its
   * obligations (the regime), and how to store that in the transaction that stores them.
   */
  computeWithRegimes?(
    db: Kysely<DatabaseSchema>,
    caseIds: readonly string[],
    asOf: Date,
  ): Promise<{
    obligations: Map<string, Obligation[]>;
    store: (trx: Transaction<DatabaseSchema>) => Promise<void>;
  }>;
  /** The caller's scope over this kind of case, as SQL on an obligation row. */
  visibleCase(
    actor: Actor,
    scope: Scope,
  ): (eb: ExpressionBuilder<DatabaseSchema, 'obligation'>) => Expression<SqlBool>;
}
