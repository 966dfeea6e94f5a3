import { DomainError } from '@dawn/core';
import { scopeOf } from '../../platform/access/access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { visiblePersonIds } from './person.repository.ts';

/**
 * Which of `personIds` the caller may read (person:read scope), in one statement whatever their
 * number: a form naming twenty survivors is one round trip, not twenty.
 */
export async function readablePersonIds(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  personIds: readonly string[],
): Promise<Set<string>> {
  const scope = scopeOf(actor, 'person:read');
  if (!scope || personIds.length === 0) return new Set();
  return visiblePersonIds(deps.db, actor, scope, personIds);
}

/**
 * Refuses the first person of each list the caller may not read, as unknown and at its place in
 * the list (`body.victims.2: no such person`), so the form can say so beside the right entry.
 */
export async function checkReadablePersons(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  lists: readonly { path: string; ids: readonly string[] }[],
): Promise<void> {
  const readable = await readablePersonIds(
    deps,
    actor,
    lists.flatMap((list) => list.ids),
  );
  for (const { path, ids } of lists) {
    const index = ids.findIndex((id) => !readable.has(id));
    if (index < 0) continue;
    const issue = { path: `${path}.${index}`, message: 'no such person' };
    throw new DomainError('VALIDATION_FAILED', `${issue.path}: ${issue.message}`, {
      issues: [issue],
    });
  }
}
