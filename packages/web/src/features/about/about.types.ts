/** Mirrors the server's `aboutSchema` (GET /api/system/about). */
export interface About {
  name: 'Dawn';
  timeZone: string;
  readiness: {
    status: 'ready' | 'not_ready';
    database: 'ok' | 'unreachable';
    migrations: { applied: number; pending: string[] };
  };
  demoOrganisation: boolean;
  /** Only for administrators: versions and counts help an attacker. */
  details?: {
    version: string;
    nodeVersion: string;
    database: { kind: 'pglite' | 'postgres'; version: string | null };
    startedAt: string;
    counts: { organisations: number; officials: number; users: number };
  };
}
