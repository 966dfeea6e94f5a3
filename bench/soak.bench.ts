/**
 * Soak test: the real `dawn serve` under mixed reads and writes from many connections for a fixed
 * time, printing the count of 5xx answers, latency percentiles and the server's memory (resident
 * set and heap, read from its own metrics port) at start and at end.
 *
 *   npx tsx bench/soak.bench.ts                      # 10 minutes, 50 connections, PGlite
 *   DAWN_SOAK_QUICK=1 npx tsx bench/soak.bench.ts    # 30 seconds: a short try
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/soak.bench.ts
 *
 * Bounded: DAWN_SOAK_SECONDS (600, or 30 quick) and DAWN_SOAK_CONNECTIONS (50); the server
 * listens on 127.0.0.1 only, on free ports, and is stopped at the end (its data removed).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startDawn } from '../packages/server/test/dawn-process.ts';

const quick = process.env.DAWN_SOAK_QUICK === '1';
const SECONDS = Number(process.env.DAWN_SOAK_SECONDS ?? (quick ? 30 : 600));
const CONNECTIONS = Number(process.env.DAWN_SOAK_CONNECTIONS ?? 50);
const MAX_REQUESTS = 5_000_000;
const WRITE_SHARE = 0.2;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function memory(metricsUrl: string): Promise<{ rssMiB: number; heapMiB: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    rssMiB: value('dawn_process_resident_memory_bytes') / 2 ** 20,
    heapMiB: value('dawn_nodejs_heap_size_used_bytes') / 2 ** 20,
  };
}

interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in as the demo social worker and changes the one-time password, as a person would. */
async function signIn(url: string, output: string): Promise<Session> {
  const line = /^\s+(\S+@\S+)\s+(\S+)\s+\(social_worker\)$/m.exec(output);
  if (!line?.[1] || !line[2]) throw new Error('no demo social worker in the start-up output');
  const signedIn = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: line[1], password: line[2] }),
  });
  const cookieOf = (response: Response) =>
    (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  let session: Session = {
    cookie: cookieOf(signedIn),
    csrf: ((await signedIn.json()) as { csrfToken: string }).csrfToken,
  };
  const changed = await fetch(`${url}/api/auth/password`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
    },
    body: JSON.stringify({
      currentPassword: line[2],
      newPassword: `soak ${randomBytes(6).toString('hex')} lantern river`,
    }),
  });
  if (!changed.ok) throw new Error(`password change answered ${changed.status}`);
  session = {
    cookie: cookieOf(changed) || session.cookie,
    csrf: ((await changed.json()) as { csrfToken: string }).csrfToken,
  };
  return session;
}

const READS = [
  '/api/persons?limit=25',
  '/api/persons?search=V&limit=25',
  '/api/care-cases',
  '/api/auth/session',
  '/api/alerts',
  '/readyz',
];

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-soak-'));
  const metricsPort = await freePort();
  const env: Record<string, string> = {
    DAWN_DATA_DIR: path.join(root, 'data'),
    DAWN_METRICS_PORT: String(metricsPort),
    DAWN_LOG_LEVEL: 'warn',
    DAWN_SIGN_IN_RATE_LIMIT: '1000',
    DAWN_DB_POOL_SIZE: '20',
  };
  let dropDatabase: (() => Promise<void>) | undefined;
  const adminUrl = process.env.DAWN_BENCH_DATABASE_URL;
  if (adminUrl) {
    const name = `dawn_soak_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    };
  }
  const server = await startDawn(env, 300_000);
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  try {
    const session = await signIn(server.url, server.output());
    const before = await memory(metricsUrl);
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let failures = 0;
    let sent = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };

    async function worker(index: number): Promise<void> {
      let turn = index;
      while (performance.now() < deadline && sent < MAX_REQUESTS) {
        sent += 1;
        turn += 1;
        const write = turn % Math.round(1 / WRITE_SHARE) === 0;
        const started = performance.now();
        try {
          const response = write
            ? await fetch(`${server.url}/api/persons`, {
                method: 'POST',
                headers: { ...headers, 'content-type': 'application/json' },
                body: JSON.stringify({ sex: 'unknown', ageBand: 'unknown', languages: ['bn'] }),
              })
            : await fetch(`${server.url}${READS[turn % READS.length] ?? '/readyz'}`, { headers });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        } catch {
          failures += 1;
        }
        latencies.push(performance.now() - started);
      }
    }

    process.stdout.write(
      `soak: ${SECONDS} s, ${CONNECTIONS} connections, ${Math.round(WRITE_SHARE * 100)} % writes, ${adminUrl ? 'PostgreSQL' : 'PGlite'}${quick ? ' (quick mode)' : ''}\n`,
    );
    const started = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, (_unused, index) => worker(index)));
    const elapsed = (performance.now() - started) / 1000;
    const after = await memory(metricsUrl);
    latencies.sort((left, right) => left - right);
    const count = (test: (status: number) => boolean) =>
      [...statuses].filter(([status]) => test(status)).reduce((sum, [, n]) => sum + n, 0);
    const lines = [
      `requests: ${latencies.length} in ${elapsed.toFixed(0)} s (${(latencies.length / elapsed).toFixed(1)}/s)`,
      `5xx: ${count((status) => status >= 500)}; other non-2xx: ${count((status) => status < 200 || (status >= 300 && status < 500))}; connection failures: ${failures}`,
      `latency ms: p50 ${percentile(latencies, 0.5).toFixed(1)}, p99 ${percentile(latencies, 0.99).toFixed(1)}, max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)}`,
      `server memory MiB: rss ${before.rssMiB.toFixed(0)} -> ${after.rssMiB.toFixed(0)}, heap used ${before.heapMiB.toFixed(0)} -> ${after.heapMiB.toFixed(0)}`,
      `statuses: ${[...statuses]
        .sort(([left], [right]) => left - right)
        .map(([status, n]) => `${status}×${n}`)
        .join(', ')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.stop();
    await dropDatabase?.();
    for (const each of [root]) fs.rmSync(each, { recursive: true, force: true });
  }
}

await main();
