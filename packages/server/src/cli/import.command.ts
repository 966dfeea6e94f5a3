import { cliRuntime } from './cli-runtime.ts';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { IMPORT_KINDS, type ImportKind, type ImportMapping } from '@dawn/core';
import { z } from 'zod';
import type { Config } from '../platform/config.ts';
import { actorOf } from '../features/auth/auth.service.ts';
import { findUserByEmail } from '../features/users/user.repository.ts';
import {
  dryRunImport,
  getImportJob,
  startImport,
  type ImportDecision,
  type ImportProgress,
} from '../features/imports/import.service.ts';
import type { Deps } from '../platform/deps.ts';
import { runWithContext } from '../platform/request-context.ts';
import { withDeps } from './cli-context.ts';
import { UsageError } from './usage-error.ts';

const mappingSchema = z.record(z.string().min(1), z.string().min(1));
const kindSchema = z.enum(IMPORT_KINDS);

function progressReporter(): { update(progress: ImportProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'importing [{bar}] {percentage}% | {value}/{total} rows | eta {eta}s',
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update({ done, total }) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  return {
    update: ({ done, total }) =>
      cliRuntime().stderr.write(
        `importing ${done}/${total} rows (${Math.round((done / total) * 100)}%)\n`,
      ),
    stop: () => undefined,
  };
}

/** `--answer 79=new` or `--answer 80=same:Asha-7K2Q`, as the operator wrote them. */
type WrittenAnswer = { row: number; decision: 'new_person' } | { row: number; pseudonym: string };

function parseAnswer(text: string, before: WrittenAnswer[] = []): WrittenAnswer[] {
  const match = /^(\d+)=(?:(new)|same:(\S+))$/u.exec(text.trim());
  const row = Number(match?.[1]);
  if (!match || !Number.isSafeInteger(row) || row < 1)
    throw new UsageError(
      `--answer: write ROW=new (someone else) or ROW=same:PSEUDONYM (that person), not ${text}`,
    );
  const pseudonym = match[3];
  return [...before, pseudonym ? { row, pseudonym } : { row, decision: 'new_person' }];
}

/** The answers with each pseudonym read as its person of the operator's organisation. */
async function resolveAnswers(
  deps: Deps,
  organisationId: string,
  written: WrittenAnswer[],
): Promise<ImportDecision[]> {
  const pseudonyms = written.flatMap((answer) => ('pseudonym' in answer ? [answer.pseudonym] : []));
  const found = new Map(
    pseudonyms.length === 0
      ? []
      : (
          await deps.db
            .selectFrom('person')
            .select(['id', 'pseudonym'])
            .where('organisation_id', '=', organisationId)
            .where('pseudonym', 'in', pseudonyms)
            .execute()
        ).map((person) => [person.pseudonym, person.id]),
  );
  return written.map((answer): ImportDecision => {
    if (!('pseudonym' in answer)) return answer;
    const personId = found.get(answer.pseudonym);
    if (!personId)
      throw new UsageError(`--answer: no person of your organisation is ${answer.pseudonym}`);
    return { row: answer.row, decision: 'same_person', personId };
  });
}

/**
 * `dawn import FILE --as EMAIL`: the same use-cases as the upload screen, acting as a named user
 * (who must be allowed to import), so access, scoping and the audit trail are the same.
 */
export function importCommand(loadConfig: () => Config): Command {
  return new Command('import')
    .description(
      'import persons, cases or training participants from an .xlsx or .csv file (a dry run first with --dry-run)',
    )
    .argument('<file>', 'the .xlsx workbook (first sheet) or UTF-8 .csv file')
    .requiredOption('--as <email>', 'the user the import acts as (a programme manager)')
    .option('--kind <kind>', `what the rows are: ${IMPORT_KINDS.join(' or ')}`, 'persons')
    .option('--dry-run', 'check every row and print what would happen; write nothing')
    .option('--resume <jobId>', 'continue an import that stopped, with the same file')
    .option(
      '--session <sessionId>',
      'the training session the participants go into (--kind training_participants)',
    )
    .option(
      '--mapping <json>',
      'columns for fields, e.g. {"externalId":"Case no","legalName":"Name"}',
    )
    .option(
      '--answer <row=answer>',
      'answer a row listed for review: ROW=same:PSEUDONYM (that person already in Dawn) or ROW=new (someone else); repeat for each row',
      parseAnswer,
    )
    .action(
      async (
        file: string,
        options: {
          as: string;
          kind: string;
          dryRun?: boolean;
          resume?: string;
          mapping?: string;
          session?: string;
          answer?: WrittenAnswer[];
        },
      ) => {
        const parsedKind = kindSchema.safeParse(options.kind);
        if (!parsedKind.success)
          throw new UsageError(`--kind: is one of ${IMPORT_KINDS.join(', ')}`);
        const kind: ImportKind = parsedKind.data;
        let content: Buffer;
        try {
          content = await readFile(file);
        } catch {
          throw new UsageError(`cannot read the file ${file}`);
        }
        let mapping: ImportMapping | undefined;
        if (options.mapping) {
          let json: unknown;
          try {
            json = JSON.parse(options.mapping);
          } catch {
            throw new UsageError('--mapping: is not JSON');
          }
          const parsed = mappingSchema.safeParse(json);
          if (!parsed.success)
            throw new UsageError(
              '--mapping: an object of fields, each with a column header (docs/import.md)',
            );
          mapping = parsed.data;
        }
        if (options.resume && !z.uuid().safeParse(options.resume).success)
          throw new UsageError('--resume: is not an import id');
        if (options.session && !z.uuid().safeParse(options.session).success)
          throw new UsageError('--session: is not a training session id');
        if (kind === 'training_participants' && !options.session && !options.resume)
          throw new UsageError('--session: name the training session the participants go into');
        await withDeps(loadConfig(), async (deps) => {
          const user = await findUserByEmail(deps.db, options.as);
          if (user?.status !== 'active')
            throw new UsageError(`--as: no active user has the e-mail address ${options.as}`);
          const actor = { ...actorOf(user, undefined) };
          const decisions = await resolveAnswers(deps, actor.organisationId, options.answer ?? []);
          await runWithContext({ requestId: `cli-${randomUUID()}`, actor }, async () => {
            if (options.dryRun) {
              const report = await dryRunImport(
                deps,
                content,
                mapping,
                kind,
                options.session,
                decisions,
              );
              for (const row of report.rows)
                for (const problem of row.problems) cliRuntime().stdout.write(`${problem}\n`);
              cliRuntime().stdout.write(
                `Dry run of ${report.totalRows} rows (headers on row ${report.headerRow}): ` +
                  `${report.toCreate} to create, ${report.toUpdate} to update, ` +
                  (report.toLink > 0 ? `${report.toLink} to link, ` : '') +
                  `${report.toSkip} unchanged, ${report.notImported} cannot go in.\n`,
              );
              if (report.rows.some((row) => row.answerable))
                cliRuntime().stdout.write(
                  'Answer a row listed for review with --answer ROW=same:PSEUDONYM (that person) or --answer ROW=new (someone else).\n',
                );
              if (report.newPersons > 0)
                cliRuntime().stdout.write(
                  `${report.newPersons} ${report.newPersons === 1 ? 'person is' : 'persons are'} not in Dawn yet and would be recorded with their cases.\n`,
                );
              return;
            }
            const reporter = progressReporter();
            const started = await startImport(deps, content, {
              kind,
              ...(mapping ? { mapping } : {}),
              ...(options.resume ? { resumeJobId: options.resume } : {}),
              ...(options.session ? { trainingSessionId: options.session } : {}),
              ...(decisions.length > 0 ? { decisions } : {}),
              onProgress: (progress) => reporter.update(progress),
            });
            cliRuntime().stderr.write(
              `import ${started.jobId} (resume with --resume ${started.jobId})\n`,
            );
            try {
              await started.finished;
            } finally {
              reporter.stop();
            }
            const job = await getImportJob(deps, started.jobId);
            for (const problem of job.problems) cliRuntime().stdout.write(`${problem.message}\n`);
            cliRuntime().stdout.write(
              `Imported ${job.totalRows} rows: ${job.created} created, ${job.updated} updated, ` +
                `${job.skipped} unchanged, ${job.notImported} did not go in (listed above).\n`,
            );
            if (job.linked > 0)
              cliRuntime().stdout.write(
                `${job.linked} ${job.linked === 1 ? 'row was' : 'rows were'} linked to a person already in Dawn, as answered.\n`,
              );
            if (job.personsCreated > 0)
              cliRuntime().stdout.write(
                `${job.personsCreated} ${job.personsCreated === 1 ? 'person new to Dawn was' : 'persons new to Dawn were'} recorded with their cases.\n`,
              );
            if (job.followUpFailed.length > 0)
              cliRuntime().stdout.write(
                `Rows ${job.followUpFailed
                  .map(({ firstRow, lastRow }) =>
                    firstRow === lastRow ? `${firstRow}` : `${firstRow}-${lastRow}`,
                  )
                  .join(', ')} were imported, but the re-trafficking check could not run for ` +
                  'them (see the audit trail: import.follow_up_failed); look for their earlier cases.\n',
              );
          });
        });
      },
    );
}
