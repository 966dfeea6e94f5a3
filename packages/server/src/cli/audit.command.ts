import { cliRuntime } from './cli-runtime.ts';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { verifyAuditTrail, type TrailVerdict } from '../platform/audit/audit-checkpoint.ts';
import { loadKeyRing } from '../platform/vault/key-ring.ts';
import { armAuditTrail } from '../platform/audit/audit-key.ts';
import { withDatabase } from './open-database.ts';
import { z } from 'zod';
import { auditPage, type AuditTrailOf } from '../features/audit/audit.service.ts';
import { findUserByEmail } from '../features/users/user.repository.ts';
import { installationActsFor, recordAuditAlone } from '../platform/audit/audit.ts';
import { withDeps } from './cli-context.ts';
import { positiveInteger } from './positive-integer.ts';
import { UsageError } from './usage-error.ts';

export class AuditBrokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditBrokenError';
  }
}

const CHAIN_REASONS = {
  hash_mismatch: 'its content was changed',
  link_mismatch: 'the entry before it was changed or removed',
  downgraded: 'it is not keyed although entries before it are: the chain was rewritten',
  key_missing: 'it is keyed under a master key that is not in the key ring',
} as const;

/** One sentence for the operator; undefined when the trail is intact. */
export function explainVerdict(verdict: TrailVerdict, checkpointFile: string): string | undefined {
  if (verdict.ok) return undefined;
  switch (verdict.kind) {
    case 'chain':
      return `audit trail broken at entry ${verdict.brokenAt} (${CHAIN_REASONS[verdict.reason]}); ${verdict.entries} entries before it verified`;
    case 'checkpoint_missing':
      return `no audit checkpoint at ${checkpointFile}: ${verdict.entries} entries chain correctly, but whether the newest were cut cannot be told (set DAWN_AUDIT_CHECKPOINT_FILE to where checkpoints are kept)`;
    case 'checkpoint_invalid':
      return `the audit checkpoint ${checkpointFile} cannot be trusted: ${verdict.why}`;
    case 'cut':
      return `audit trail cut: the checkpoint of ${verdict.checkpoint.writtenAt} recorded ${verdict.checkpoint.entries} entries up to entry ${verdict.checkpoint.lastId}, which is gone; the table now holds ${verdict.entries}`;
    case 'rewritten':
      return `audit trail rewritten: entry ${verdict.checkpoint.lastId} no longer matches the checkpoint of ${verdict.checkpoint.writtenAt}`;
    case 'unchained':
      return `audit trail incomplete: ${verdict.unchained} entries are not linked into the chain, the oldest written at ${verdict.oldestAt}; a running server links entries within a minute, so these were written without the key or no server has run since (start the server, then verify again)`;
    default: {
      const unreachable: never = verdict;
      return String(unreachable);
    }
  }
}

export function auditCommand(loadConfig: () => Config): Command {
  const audit = new Command('audit').description('the audit trail');
  audit
    .command('verify')
    .description(
      'recompute the keyed chain and compare it with the latest signed checkpoint; names what was altered, removed or cut',
    )
    .action(async () => {
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        const { ring } = loadKeyRing(config);
        armAuditTrail(database.db, ring);
        const verdict = await verifyAuditTrail(database.db, config.auditCheckpointFile);
        const problem = explainVerdict(verdict, config.auditCheckpointFile);
        if (problem) throw new AuditBrokenError(problem);
        if (verdict.ok)
          cliRuntime().stdout.write(
            `Audit trail intact: ${verdict.entries} entries verified, ${verdict.checkpoint.entries} of them covered by the checkpoint of ${verdict.checkpoint.writtenAt}.\n`,
          );
      });
    });
  audit
    .command('list')
    .description(
      'the newest entries of the trail, one a line: every organisation’s, one’s (--org), or the installation’s own (--installation: what no organisation’s auditor reads, such as sign-ins to addresses no account has and key rotations); audited',
    )
    .option('--org <id>', 'one organisation’s entries')
    .option('--installation', 'only the entries of no organisation')
    .option('--action <name>', 'an action, or the start of actions’ names (auth.)')
    .option('--user <email>', 'what one user did')
    .option('--since <date>', 'from this day on, YYYY-MM-DD (Asia/Kolkata)')
    .option('--until <date>', 'up to and with this day, YYYY-MM-DD (Asia/Kolkata)')
    .option('--before <id>', 'older than this entry (the next page)', positiveInteger)
    .option('--limit <n>', 'how many (at most 500; default 50)', positiveInteger)
    .action(async (rawOptions: unknown) => {
      const parsed = listOptions.safeParse(rawOptions);
      if (!parsed.success)
        throw new UsageError(parsed.error.issues[0]?.message ?? 'invalid options');
      const options = parsed.data;
      if (options.org && options.installation)
        throw new UsageError('--org and --installation: choose one');
      const trail: AuditTrailOf = options.org
        ? { organisationId: options.org }
        : options.installation
          ? { organisationId: null }
          : 'everything';
      await withDeps(loadConfig(), async (deps) => {
        const user = options.user ? await findUserByEmail(deps.db, options.user) : undefined;
        if (options.user && !user)
          throw new UsageError(`--user: no user with e-mail ${options.user}`);
        const limit = options.limit ?? 50;
        const rows = await auditPage(deps.db, trail, {
          limit,
          ...(options.action ? { action: options.action } : {}),
          ...(user ? { userId: user.id } : {}),
          ...(options.since ? { from: `${options.since}T00:00:00+05:30` } : {}),
          ...(options.until ? { to: nextKolkataDay(options.until) } : {}),
          ...(options.before ? { before: options.before } : {}),
        }).execute();
        await recordAuditAlone(deps.db, {
          action: 'audit.searched',
          ...installationActsFor(options.org ?? null),
          details: {
            filters: Object.keys(options).filter((key) => key !== 'limit'),
            via: 'cli',
          },
        });
        const out = cliRuntime().stdout;
        const page = rows.slice(0, limit);
        for (const row of page) out.write(`${auditLine(row)}\n`);
        out.write(
          page.length === 0
            ? 'No entries.\n'
            : `${page.length === 1 ? '1 entry' : `${page.length} entries`}, newest first; ${
                rows.length > limit ? `older ones: --before ${page.at(-1)?.id}` : 'no older ones.'
              }\n`,
        );
      });
    });
  return audit;
}

const day = /^\d{4}-\d{2}-\d{2}$/;
const listOptions = z.object({
  org: z.uuid('--org: is not an organisation id').optional(),
  installation: z.boolean().optional(),
  action: z.string().min(1).max(100).optional(),
  user: z.string().min(3).max(320).optional(),
  since: z.string().regex(day, '--since: a day is written YYYY-MM-DD').optional(),
  until: z.string().regex(day, '--until: a day is written YYYY-MM-DD').optional(),
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500, '--limit: at most 500').optional(),
});

/** The start of the day after `date` (YYYY-MM-DD) in Kolkata: `--until` holds its whole day. */
function nextKolkataDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10)}T00:00:00+05:30`;
}

const KOLKATA_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Kolkata',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/**
 * One entry as a line: id, time in Kolkata, action, outcome, who (or "nobody signed in"), the
 * organisation, the subject, the details. The trail holds ids, codes, counts and the purpose of a
 * reveal; never a survivor's name.
 */
function auditLine(row: {
  id: string | number;
  occurred_at: Date | string;
  action: string;
  outcome: string;
  display_name: string | null;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  entity_type: string | null;
  entity_id: string | null;
  details: unknown;
}): string {
  const details = typeof row.details === 'string' ? row.details : JSON.stringify(row.details);
  return [
    row.id,
    `${KOLKATA_TIME.format(new Date(row.occurred_at))} IST`,
    row.action,
    row.outcome,
    row.actor_user_id ? `by ${row.display_name ?? row.actor_user_id}` : 'by nobody signed in',
    row.actor_organisation_id ? `org ${row.actor_organisation_id}` : 'installation',
    row.entity_type ? `${row.entity_type} ${row.entity_id ?? ''}`.trim() : '-',
    details === '{}' ? '' : details,
  ]
    .filter((part) => part !== '')
    .join('  ');
}
