import type { Vault } from '../../platform/vault/vault.ts';
import { legalCaseObligationSource } from './legal-case.obligation-source.ts';
import type { ObligationSource } from './obligation-source.ts';

/**
 * The kinds of case whose deadlines Dawn computes, in one list so the sweep, the lists and the
 * alerts agree. A kind of case joins by adding its source here.
 */
export function obligationSources(vault: Vault): ObligationSource[] {
  return [legalCaseObligationSource(vault)];
}
