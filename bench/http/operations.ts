/**
 * The HTTP bench's operations, each as the web app asks for it: they run through the runner's
 * `run` (32 connections, against the reference) or `timed` (one user at a time), which print.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../packages/server/src/platform/db/schema.ts';
import type { Vault } from '../../packages/server/src/platform/vault/vault.ts';
import type { LoadSpec } from './load.ts';

export interface BenchRunner {
  /** Runs one operation at 32 connections and prints its line (skipped unless chosen). */
  run: (
    label: string,
    spec: Omit<LoadSpec, 'port' | 'seconds' | 'connections'>,
    /** What the unmeasured warm-up before it runs, when not `spec` (a write on other cases). */
    warmup?: Omit<LoadSpec, 'port' | 'seconds' | 'connections'>,
  ) => Promise<void>;
  /** Runs one GET request after another and prints p50 and p95 (skipped unless chosen). */
  timed: (label: string, url: () => string) => Promise<void>;
  /** Whether DAWN_BENCH_ONLY asks for the operation with this label. */
  chosen: (label: string) => boolean;
  /** The signed-in manager's cookie and CSRF token. */
  headers: Record<string, string>;
}

/** The lists and the similar-person search (run again at 4×, `suffix` saying so). */
export async function runLists(
  { run, headers }: BenchRunner,
  searches: string[],
  suffix: string,
): Promise<void> {
  await run(`list care cases, paged${suffix}`, {
    method: 'GET',
    paths: ['/api/care-cases?count=none', '/api/care-cases?count=none&phase=closed'],
    headers,
  });
  await run(`list care cases with total${suffix}`, {
    method: 'GET',
    paths: ['/api/care-cases', '/api/care-cases?phase=closed'],
    headers,
  });
  await run(`list care cases, estimate${suffix}`, {
    method: 'GET',
    paths: ['/api/care-cases?count=estimate', '/api/care-cases?count=estimate&phase=closed'],
    headers,
  });
  await run(`list persons with total${suffix}`, {
    method: 'GET',
    paths: ['/api/persons'],
    headers,
  });
  await run(`list persons, estimate${suffix}`, {
    method: 'GET',
    paths: ['/api/persons?count=estimate'],
    headers,
  });
  await run(`list legal cases with total${suffix}`, {
    method: 'GET',
    paths: ['/api/legal-cases'],
    headers,
  });
  await run(`list legal cases, estimate${suffix}`, {
    method: 'GET',
    paths: ['/api/legal-cases?count=estimate'],
    headers,
  });
  // Estimates the count read model does not hold (a person filter, search text, an overdue
  // filter, an offence): the planner's estimate of the scoped, filtered rows.
  await run(`list care cases, estimate, filtered${suffix}`, {
    method: 'GET',
    paths: [
      '/api/care-cases?count=estimate&ageBand=15-17',
      '/api/care-cases?count=estimate&search=CC-B-1',
      '/api/care-cases?count=estimate&overdue=false',
    ],
    headers,
  });
  await run(`list persons, estimate, filtered${suffix}`, {
    method: 'GET',
    paths: ['/api/persons?count=estimate&search=Bench-1'],
    headers,
  });
  await run(`list legal cases, estimate, filtered${suffix}`, {
    method: 'GET',
    paths: ['/api/legal-cases?count=estimate&offence=BNS:143(2)'],
    headers,
  });
  await run(`similar-person search${suffix}`, {
    method: 'POST',
    paths: ['/api/persons/similar'],
    bodies: searches,
    headers,
  });
}

/**
 * Recording a legal case event on 500 cases with valid timelines, then the legal-case view's
 * obligations from the stored rows and computed on read.
 */
export async function runLegalCaseRecording(
  { run, chosen, headers }: BenchRunner,
  programme: {
    db: Kysely<DatabaseSchema>;
    vault: Vault;
    organisationId: string;
    personIds: string[];
  },
): Promise<void> {
  const { legalCaseObligationSource } =
    await import('../../packages/server/src/features/obligations/legal-case.obligation-source.ts');
  const { syncObligations } =
    await import('../../packages/server/src/features/obligations/obligation-sync.ts');
  const { vault, organisationId, personIds } = programme;
  // Recording an event: 500 cases with a victim, an accused and a valid timeline (the loaded
  // cases' events carry no data), each request recomputing the case's obligations and alerts.
  const cases = (
    await sql<{
      id: string;
    }>`insert into legal_case (organisation_id, forum, offences, created_at)
        select ${organisationId}, 'sessions', array['BNS:143(2)','POCSO:6'], now() - interval '100 days'
        from generate_series(1, 1000) returning id`.execute(programme.db)
  ).rows.map((row) => row.id);
  // The second 500 for the warm-up, so the measured cases meet their new events as before.
  const recordable = cases.slice(0, 500);
  const warmCases = cases.slice(500);
  await sql`insert into legal_case_party (legal_case_id, ref, role, person_id)
      select legal_case_id, ref, role, person_id from unnest(
        ${cases.flatMap((id) => [id, id])}::uuid[],
        ${cases.flatMap(() => ['V1', 'A1'])}::text[],
        ${cases.flatMap(() => ['victim', 'accused'])}::text[],
        ${cases.flatMap((_, index) => [personIds[2 * index], personIds[2 * index + 1]])}::uuid[])
        as party(legal_case_id, ref, role, person_id)`.execute(programme.db);
  await sql`insert into legal_case_event (legal_case_id, type, occurred_at, data)
      select legal_case.id, step.type, legal_case.created_at + step.after, step.data::jsonb
      from legal_case cross join (values
        ('fir.registered', interval '0', '{}'),
        ('victim.rescued', interval '-2 hours', '{"victim":"V1"}'),
        ('accused.arrested', interval '1 day', '{"accused":"A1"}'),
        ('accused.remanded', interval '1 day 11 hours', '{"accused":"A1","custody":"judicial"}')
      ) as step(type, after, data)
      where legal_case.id = any(${cases}::uuid[])`.execute(programme.db);
  const recording = (ids: string[]) => ({
    method: 'POST' as const,
    paths: ids.map((id) => `/api/legal-cases/${id}/events`),
    bodies: [
      JSON.stringify({
        type: 'court.hearing',
        occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
        data: { purpose: 'bail' },
      }),
    ],
    headers,
  });
  await run('record a legal case event', recording(recordable), recording(warmCases));

  // The legal-case view's obligations (the recorded cases were evaluated when their event was
  // recorded): from the stored rows, then the same cases computed on read, as before.
  const views = recordable.map((id) => `/api/legal-cases/${id}/obligations`);
  const page = 'one legal case with its timeline';
  if (chosen('legal case obligations') || chosen(page)) {
    // As the sweep leaves them: every one of these cases evaluated and stored (one batch).
    const source = legalCaseObligationSource(vault);
    if (!source.computeWithRegimes) throw new Error('legal cases store their regime');
    const evaluated = await source.computeWithRegimes(programme.db, recordable, new Date());
    await syncObligations(
      programme.db,
      'legal_case',
      source.pack,
      recordable.map((caseId) => ({ caseId, organisationId, code: 'Bench case' })),
      evaluated.obligations,
      new Date(),
      evaluated.store,
    );
  }
  await run('legal case obligations, stored', { method: 'GET', paths: views, headers });
  // The legal-case page as the web opens it (issue 11's "one legal case with timeline and
  // obligations"): the case, its timeline and its obligations, three requests a view, each case's
  // three in turn. Its rate and ratio count requests, as the 2.5 % did; then each of the
  // three alone.
  const caseUrl = (id: string) => `/api/legal-cases/${id}`;
  await run(`${page} (3 requests)`, {
    method: 'GET',
    paths: recordable.flatMap((id) => [
      caseUrl(id),
      `${caseUrl(id)}/events`,
      `${caseUrl(id)}/obligations`,
    ]),
    headers,
  });
  await run(`${page}: the case`, { method: 'GET', paths: recordable.map(caseUrl), headers });
  await run(`${page}: the timeline`, {
    method: 'GET',
    paths: recordable.map((id) => `${caseUrl(id)}/events`),
    headers,
  });
  if (chosen('legal case obligations, computed')) {
    await sql`update legal_case set deadline_regime = null, deadline_regime_explanation = null
        where id = any(${recordable}::uuid[])`.execute(programme.db);
    await run('legal case obligations, computed', { method: 'GET', paths: views, headers });
  }
}

/**
 * The chosen-few report for a year, one user at a time, as the page asks for it: the summary per
 * official, then one official's milestones, then the full report; then the other reports.
 */
export async function runChosenFew(
  runner: BenchRunner,
  app: {
    inject(request: {
      method: 'GET';
      url: string;
      headers: Record<string, string>;
    }): Promise<{ json(): unknown }>;
  },
): Promise<void> {
  const { timed, headers } = runner;
  const year = new Date().getUTCFullYear() - 1;
  const yearQuery = `from=${year}-01-01&to=${year}-12-31`;
  await timed(
    'chosen-few summary, a year, 1 user',
    () => `/api/reports/chosen-few/summary?${yearQuery}`,
  );
  const summary = await app.inject({
    method: 'GET',
    url: `/api/reports/chosen-few/summary?${yearQuery}`,
    headers,
  });
  const officials = (summary.json() as { officials: { officialId: string }[] }).officials;
  let next = 0;
  if (officials.length > 0)
    await timed('chosen-few, one official opened', () => {
      next += 1;
      return `/api/reports/chosen-few/officials/${officials[next % officials.length]?.officialId ?? ''}?${yearQuery}`;
    });
  // The full report comes a page of 10 officials at a time (its first page is what a client
  // asks first); every page in turn is what an export reading it all pays.
  await timed('chosen-few full report, a year', () => `/api/reports/chosen-few?${yearQuery}`);
  const pages: number[] = [];
  for (let run = 0; run < (runner.chosen('chosen-few full report') ? 5 : 0); run += 1) {
    const started = performance.now();
    let after: string | null = null;
    do {
      const cursor: string = after ? `&after=${encodeURIComponent(after)}` : '';
      const page = await app.inject({
        method: 'GET',
        url: `/api/reports/chosen-few?${yearQuery}${cursor}`,
        headers,
      });
      after = (page.json() as { nextCursor?: string | null }).nextCursor ?? null;
    } while (after !== null);
    pages.push(performance.now() - started);
  }
  pages.sort((left, right) => left - right);
  if (pages.length > 0)
    console.log(
      `${'chosen-few full report, every page'.padEnd(34)} p50 ${(pages[2] ?? 0).toFixed(0)} ms (5 runs)`,
    );
  await runOtherReports(runner, year);
}

/**
 * Every other report that aggregates a year, one user at a time (issue 11: each ≤ 300 ms p95):
 * the chosen-few printable page, the honour list and its letters (built on the chosen-few
 * report), the justice-system dashboard and the deadlines page's counts.
 */
export async function runOtherReports({ timed }: BenchRunner, year: number): Promise<void> {
  const yearQuery = `from=${year}-01-01&to=${year}-12-31`;
  await timed(
    'chosen-few printable page, a year',
    () => `/api/reports/chosen-few.html?${yearQuery}`,
  );
  await timed('honour list (report), a year', () => `/api/honours/${year}`);
  await timed('honour letters (report), a year', () => `/api/honours/${year}/letters.html`);
  await timed('dashboard (report), a year', () => `/api/dashboard?${yearQuery}`);
  await timed('deadline counts (report)', () => '/api/obligations/summary');
}
