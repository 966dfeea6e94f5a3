import { documentEntityVisibility } from './document-entity-visibility.ts';
import { visiblePersons } from '../persons/person.repository.ts';

/**
 * Documents attached to a person are seen by whoever sees the person. Registered here, not in the
 * registry module, so that the registry imports no feature (see document-entity-visibility.ts).
 */
documentEntityVisibility.register('person', async (db, actor, scope, personId) => {
  const row = await db
    .selectFrom('person')
    .select('person.id')
    .where('person.id', '=', personId)
    .where(visiblePersons(actor, scope))
    .executeTakeFirst();
  return row !== undefined;
});
