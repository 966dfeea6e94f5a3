import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryExecutor,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Changes to who may sign in as what: sessions, API tokens and users. Two signals reach the
 * authentication cache (features/auth/auth-cache.ts):
 * - `AUTH_CHANGED_CHANNEL`, a PostgreSQL notification the database sends when a transaction that
 *   changed one of them commits (migration 0015b), heard by every server process;
 * - `AuthWriteWatcher`, this process seeing itself write one of them, before it commits, so its
 *   own next request never trusts what it is about to change.
 */
export const AUTH_CHANGED_CHANNEL = 'dawn_auth_changed';

const WATCHED_TABLES = new Set(['session', 'api_token', 'app_user']);
/** Columns touched on every request now and then; writing only these changes no one's access. */
const BOOKKEEPING_COLUMNS = new Set(['last_seen_at', 'last_used_at']);

function tableNames(node: OperationNode | undefined): string[] {
  if (!node) return [];
  const names: string[] = [];
  JSON.stringify(node, (key, value: unknown) => {
    if (
      key === 'table' &&
      typeof value === 'object' &&
      value !== null &&
      (value as { kind?: string }).kind === 'SchemableIdentifierNode'
    ) {
      const identifier = (value as { identifier?: { name?: string } }).identifier;
      if (identifier?.name) names.push(identifier.name);
    }
    return value;
  });
  return names;
}

function changesAccess(node: RootOperationNode): boolean {
  if (node.kind === 'UpdateQueryNode') {
    if (!tableNames(node.table).some((name) => WATCHED_TABLES.has(name))) return false;
    const columns = (node.updates ?? []).map(
      (update) => (update.column as { column?: { name?: string } }).column?.name ?? '',
    );
    return columns.some((column) => !BOOKKEEPING_COLUMNS.has(column));
  }
  if (node.kind === 'DeleteQueryNode')
    return tableNames(node.from).some((name) => WATCHED_TABLES.has(name));
  return false;
}

/** A do-nothing Kysely plugin that tells its listeners when a query changes access. */
export class AuthWriteWatcher implements KyselyPlugin {
  private readonly listeners = new Set<() => void>();

  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.listeners.size > 0 && changesAccess(args.node))
      for (const listener of this.listeners) listener();
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

export function authWriteWatcherOf(db: {
  getExecutor(): QueryExecutor;
}): AuthWriteWatcher | undefined {
  return db
    .getExecutor()
    .plugins.find((plugin): plugin is AuthWriteWatcher => plugin instanceof AuthWriteWatcher);
}

/** A subscription to a notification channel; `live` is false while it cannot hear. */
export interface ChannelListener {
  readonly live: boolean;
  close(): Promise<void>;
}
