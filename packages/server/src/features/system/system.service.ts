import { sql } from 'kysely';
import type { Config } from '../../platform/config.ts';
import { migrationState, ping, type Database } from '../../platform/db/database.ts';
import { DAWN_VERSION } from '../../platform/version.ts';
import { isDemoSeeded } from '../seed/demo-seed.ts';
import type { About, Readiness } from './system.schemas.ts';

const startedAt = new Date().toISOString();

// System endpoints describe the installation, not case data: no access check until sign-in exists.
export async function checkReadiness(database: Database): Promise<Readiness> {
  try {
    await ping(database.db);
    const state = await migrationState(database.db);
    return {
      status: state.pending.length === 0 ? 'ready' : 'not_ready',
      database: 'ok',
      migrations: { applied: state.applied.length, pending: state.pending },
    };
  } catch {
    return {
      status: 'not_ready',
      database: 'unreachable',
      migrations: { applied: 0, pending: [] },
    };
  }
}

export async function describeInstallation(
  config: Config,
  database: Database,
  options: { details: boolean },
): Promise<About> {
  const readiness = await checkReadiness(database);
  let version: string | null = null;
  let counts = { organisations: 0, officials: 0, users: 0 };
  let demoOrganisation = false;
  if (readiness.status === 'ready') {
    const result = await sql<{
      version: string;
    }>`select current_setting('server_version') as version`.execute(database.db);
    version = result.rows[0]?.version ?? null;
    const row = await database.db
      .selectNoFrom((eb) => [
        eb.selectFrom('organisation').select(eb.fn.countAll<string>().as('n')).as('organisations'),
        eb.selectFrom('official').select(eb.fn.countAll<string>().as('n')).as('officials'),
        eb.selectFrom('app_user').select(eb.fn.countAll<string>().as('n')).as('users'),
      ])
      .executeTakeFirstOrThrow();
    counts = {
      organisations: Number(row.organisations),
      officials: Number(row.officials),
      users: Number(row.users),
    };
    demoOrganisation = await isDemoSeeded(database.db);
  }
  return {
    name: 'Dawn',
    timeZone: config.timeZone,
    readiness,
    demoOrganisation,
    ...(options.details
      ? {
          details: {
            version: DAWN_VERSION,
            nodeVersion: process.versions.node,
            database: { kind: database.kind, version },
            startedAt,
            counts,
          },
        }
      : {}),
  };
}
