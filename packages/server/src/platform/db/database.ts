import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationProvider } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { AuditKeyHolder } from '../audit/audit-key.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { AuthWriteWatcher, type ChannelListener } from './auth-changes.ts';
import { migrations } from './migrations/index.ts';
import { discardClusterImage, readClusterImage, saveClusterImage } from './pglite-cluster-cache.ts';
import { cancellingPool, pgCancelBackend } from './query-cancellation.ts';
import type { DatabaseSchema } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface Database {
  readonly db: Kysely<DatabaseSchema>;
  readonly kind: DatabaseKind;
  /** Where the data lives, for people: the data directory, or host/database (never a password). */
  readonly location: string;
  poolStats(): PoolStats;
  /**
   * Hears a notification channel (on PostgreSQL, on a connection of its own, reconnecting);
   * `onLost` is called whenever notifications may have been missed.
   */
  listen(
    channel: string,
    handlers: { onNotify: () => void; onLost: () => void },
  ): Promise<ChannelListener>;
  /**
   * PGlite only: the whole cluster as an uncompressed tarball, from which `pglite-memory` with
   * `image` makes an identical database (the tests' migrated template).
   */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string }
  /** An in-memory PGlite, for tests; made from `image` (a `dumpDataDir` tarball) when given. */
  | { kind: 'pglite-memory'; image?: Blob };

// pg returns int8 (count(*), bigserial) as strings; Dawn's counts fit comfortably in a number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

// The pg pool behind each Kysely instance opened on PostgreSQL: `COPY … TO STDOUT` (exports) runs
// on a pool client, which Kysely does not hand out.
const postgresPools = new WeakMap<Kysely<DatabaseSchema>, pg.Pool>();

/**
 * The pg pool behind `db` when it was opened on PostgreSQL by {@link openDatabase}, for what
 * Kysely cannot run (COPY); undefined on PGlite (and for a Kysely instance derived from it), so
 * the caller falls back to ordinary queries.
 */
export function postgresPoolOf(db: Kysely<DatabaseSchema>): pg.Pool | undefined {
  return postgresPools.get(db);
}

export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'postgres';
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  switch (target.kind) {
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
      // An idle connection the server closes (a restart, a failover, an administrator) is an
      // 'error' event on the pool; unhandled, it would kill the process. The pool reconnects on
      // the next query, so note it and carry on.
      pool.on('error', (error: Error & { code?: string }) => {
        process.stderr.write(
          `dawn: a PostgreSQL connection was closed by the server (${error.code ?? error.name}); reconnecting on next use\n`,
        );
      });
      // One connection of its own to cancel the query of a request its client abandoned, so a
      // cancel never waits behind a full pool.
      const cancelPool = new pg.Pool({ connectionString: target.url, max: 1 });
      cancelPool.on('error', () => undefined);
      const db = new Kysely<DatabaseSchema>({
        dialect: new PostgresDialect({ pool: cancellingPool(pool, pgCancelBackend(cancelPool)) }),
        plugins: [new AuditKeyHolder(), new AuthWriteWatcher()],
      });
      postgresPools.set(db, pool);
      return {
        db,
        kind: 'postgres',
        location: describePostgresUrl(target.url),
        poolStats: () => ({
          total: pool.totalCount,
          idle: pool.idleCount,
          waiting: pool.waitingCount,
        }),
        listen: (channel, handlers) => listenPostgres(target.url, channel, handlers),
        close: async () => {
          try {
            await db.destroy();
          } finally {
            await cancelPool.end();
          }
        },
      };
    }
    case 'pglite': {
      const lock: DataDirLock = acquireDataDirLock(target.dataDir);
      try {
        const pgDir = path.join(target.dataDir, 'pglite');
        fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
        const client = await createPglite(pgDir);
        return wrapPglite(client, target.dataDir, () => lock.release());
      } catch (error) {
        lock.release();
        throw error;
      }
    }
    case 'pglite-memory': {
      const client = await createPglite(undefined, target.image);
      return wrapPglite(client, 'memory', () => undefined);
    }
    default: {
      const unreachable: never = target;
      throw new Error(`unknown database target ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * PGlite and its extensions are loaded only when Dawn runs on PGlite, not on PostgreSQL.
 * `image` (a tarball of a cluster) makes the database from it. Otherwise a new, empty cluster is
 * made from the cached initialised cluster when there is one (pglite-cluster-cache.ts), skipping
 * PGlite's initdb; when there is none, initdb runs and its fresh cluster is kept for next time.
 */
async function createPglite(dataDir: string | undefined, image?: Blob): Promise<PGlite> {
  const [{ PGlite }, { fuzzystrmatch }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/fuzzystrmatch'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  const extensions = { pg_trgm, fuzzystrmatch };
  const create = (loadDataDir?: Blob) =>
    PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      extensions,
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  if (image) return create(image);
  // An existing cluster is opened as it is; only a new one is made.
  if (dataDir !== undefined && fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return create();
  const cached = readClusterImage();
  if (cached) {
    try {
      return await create(cached);
    } catch {
      // A damaged cache: forget it, empty the half-written directory (ours: we hold its lock,
      // and it had no cluster a moment ago) and make the cluster as if there were no cache.
      discardClusterImage();
      if (dataDir !== undefined) emptyDirectory(dataDir);
    }
  }
  const client = await create();
  // Dumped before anything else touches the cluster; written to the cache in the background.
  void saveClusterImage(await client.dumpDataDir('none'));
  return client;
}

function emptyDirectory(dir: string): void {
  for (const entry of fs.readdirSync(dir)) {
    fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

function wrapPglite(client: PGlite, location: string, afterClose: () => void): Database {
  const db = new Kysely<DatabaseSchema>({
    dialect: new PGliteDialect(client),
    plugins: [new AuditKeyHolder(), new AuthWriteWatcher()],
  });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    location,
    // PGlite is one connection inside this process.
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    dumpDataDir: () => client.dumpDataDir('none'),
    async listen(channel, handlers) {
      const stop = await client.listen(channel, () => handlers.onNotify());
      let live = true;
      return {
        get live() {
          return live && !closed;
        },
        async close() {
          live = false;
          if (!client.closed) await stop();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
        if (!client.closed) await client.close();
      } finally {
        afterClose();
      }
    },
  };
}

/** LISTEN on a connection of its own, reconnecting after a second when it drops. */
async function listenPostgres(
  url: string,
  channel: string,
  handlers: { onNotify: () => void; onLost: () => void },
): Promise<ChannelListener> {
  let client: pg.Client | undefined;
  let live = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const lost = () => {
    if (live) handlers.onLost();
    live = false;
    const dropped = client;
    client = undefined;
    dropped?.end().catch(() => undefined);
    if (!closed && !retry) {
      retry = setTimeout(() => {
        retry = undefined;
        connect().catch(lost);
      }, 1000);
      retry.unref();
    }
  };
  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on('error', lost);
    next.on('end', () => {
      if (client === next) lost();
    });
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotify();
    });
    await next.connect();
    await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    live = true;
    // Whatever changed while not listening is unknown: forget it all.
    handlers.onNotify();
  };
  await connect().catch(lost);
  return {
    get live() {
      return live;
    },
    async close() {
      closed = true;
      live = false;
      if (retry) clearTimeout(retry);
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/**
 * Applies pending migrations. Kysely's PostgreSQL adapter runs them in one transaction holding a
 * PostgreSQL advisory lock, so several nodes starting at once apply each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<DatabaseSchema>): Promise<string[]> {
  if (await everyMigrationApplied(db)) return [];
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(
      `migration failed${name}: ${error instanceof Error ? error.message : 'unknown error'}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}

/**
 * True when the database has applied exactly the migrations this code knows, read in one round
 * trip. The usual start finds it so; the migrator's own check takes the lock and looks the tables
 * up in the catalogue first, several round trips at every start. Any doubt (no table yet, a
 * pending or an unknown migration, a role that may not read the table) goes to the migrator.
 */
async function everyMigrationApplied(db: Kysely<DatabaseSchema>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    const known = Object.keys(migrations);
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

export interface MigrationState {
  applied: string[];
  pending: string[];
}

export async function migrationState(db: Kysely<DatabaseSchema>): Promise<MigrationState> {
  const migrator = new Migrator({ db, provider });
  const all = await migrator.getMigrations();
  return {
    applied: all.filter((migration) => migration.executedAt).map((migration) => migration.name),
    pending: all.filter((migration) => !migration.executedAt).map((migration) => migration.name),
  };
}

export async function ping(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`select 1`.execute(db);
}
