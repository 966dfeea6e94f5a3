import { cliRuntime } from './cli-runtime.ts';
import { readFile } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import { evaluate, isDomainError, parseDeadlineInput } from '@dawn/core';
import { UsageError } from './usage-error.ts';

/**
 * `dawn deadlines evaluate FILE|-`: the statutory deadline engine as a command other tools can
 * call (issue 6, "The contract"). Pure: it reads one case as JSON and prints its obligations; it
 * opens no database and needs no data directory or configuration.
 *
 * Exit codes: 0 with the result on standard output; 2 when the input is not valid (bad JSON or a
 * field the contract refuses), with one line on standard error naming the field; 1 for a usage
 * mistake such as a file that cannot be read.
 */

/** Far above any real case (the contract caps a case at 5,000 events); refuses runaway input. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

const EXIT_INVALID_INPUT = 2;

const EXAMPLE = `
Input (one case; times are ISO date-times with an offset):
  { "jurisdiction": "IN", "asOf": "2025-06-01T12:00:00+05:30",
    "case": { "offences": ["BNS:143(4)", "POCSO:6"], "forum": "special-pocso",
              "victims": [{ "ref": "V1", "birthDate": "2009-04-02" }],
              "accused": [{ "ref": "A1" }] },
    "events": [ { "type": "fir.registered", "at": "2025-01-10T09:30:00+05:30" },
                { "type": "accused.remanded", "at": "2025-01-11T14:00:00+05:30", "accused": "A1" } ] }

Output: { "regime": "BNSS", "obligations": [ { "rule", "citation", "subject", "startsAt",
  "dueAt", "status", "metAt", "consequence", … } ] }, sorted by dueAt; see docs/deadlines.md.

Exit status: 0 evaluated; 2 invalid input (the message names the field, e.g. events[2].at);
1 the file cannot be read.

Examples:
  dawn deadlines evaluate case.json
  cat case.json | dawn deadlines evaluate -`;

/** Ends the command with exit code 2 after one line on standard error. */
function invalidInput(message: string): never {
  cliRuntime().stderr.write(`dawn: ${message}\n`);
  throw new CommanderError(EXIT_INVALID_INPUT, 'dawn.invalidInput', message);
}

async function readStandardInput(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of cliRuntime().stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) invalidInput(`input: larger than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

async function readInput(file: string): Promise<Buffer> {
  if (file === '-') return readStandardInput();
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file} (${code ?? 'error'})`,
    );
  }
  if (bytes.length > MAX_INPUT_BYTES) invalidInput(`input: larger than ${MAX_INPUT_BYTES} bytes`);
  return bytes;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    return invalidInput(
      `input: not JSON (${error instanceof Error ? error.message : 'unreadable'})`,
    );
  }
}

export function deadlinesCommand(): Command {
  const deadlines = new Command('deadlines').description(
    'statutory deadlines: the obligations a case’s events start, and whether they were met',
  );
  deadlines
    .command('evaluate')
    .description('evaluate one case (JSON) and print its obligations as JSON')
    .argument('<file>', 'the case as a JSON file, or - to read standard input')
    .addHelpText('after', EXAMPLE)
    .action(async (file: string) => {
      const raw = parseJson(await readInput(file));
      let result;
      try {
        const { input, pack } = parseDeadlineInput(raw);
        result = evaluate(input, pack);
      } catch (error) {
        if (isDomainError(error) && error.code === 'VALIDATION_FAILED') invalidInput(error.message);
        throw error;
      }
      cliRuntime().stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
  return deadlines;
}
