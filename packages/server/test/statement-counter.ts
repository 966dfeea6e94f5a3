import type { Kysely, RootOperationNode } from 'kysely';
import type { DatabaseSchema } from '../src/platform/db/schema.ts';

/**
 * `db` with a count of the statements sent through it (raw SQL and transactions' included), or
 * of those `counted` accepts: for stories that a use-case's round trips do not grow with its rows.
 */
export function countingStatements(
  db: Kysely<DatabaseSchema>,
  counted: (node: RootOperationNode) => boolean = () => true,
): { db: Kysely<DatabaseSchema>; counted(work: () => Promise<unknown>): Promise<number> } {
  let statements = 0;
  const counting = db.withPlugin({
    transformQuery: (args) => {
      if (counted(args.node)) statements += 1;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  });
  return {
    db: counting,
    /** How many statements `work` sent through `db`. */
    async counted(work) {
      statements = 0;
      await work();
      return statements;
    },
  };
}
