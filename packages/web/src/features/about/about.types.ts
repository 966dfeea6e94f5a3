/** Mirrors the server's `aboutSchema` (GET /api/system/about). */
export interface About {
  name: 'Dawn';
  version: string;
  nodeVersion: string;
  database: { kind: 'pglite' | 'postgres'; version: string | null };
  timeZone: string;
  startedAt: string;
  readiness: {
    status: 'ready' | 'not_ready';
    database: 'ok' | 'unreachable';
    migrations: { applied: number; pending: string[] };
  };
  demoOrganisation: boolean;
  counts: { organisations: number; officials: number; users: number };
}
