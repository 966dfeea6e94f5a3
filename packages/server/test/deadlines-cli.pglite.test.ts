import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDawnInProcess } from './dawn-in-process.ts';
import { DAWN_BIN, runDawn, type Finished } from './dawn-process.ts';

/**
 * `dawn deadlines evaluate` as another tool would call it (issue 6, "The contract"): a file or
 * standard input in, JSON out, exit 2 with the field named when the input is wrong. It is pure,
 * so it runs with no database and no data directory — and once, in the PGlite project only:
 * running it again beside PostgreSQL would test nothing new. The issue's example runs as a real
 * `dawn` process from a file and from standard input; the other cases run the same program in this
 * process (dawn-in-process.ts), since a process each cost seconds of CPU.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-deadlines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Settings that would make any database access fail loudly: a data directory that is absent. */
const missingDataDir = path.join(dir, 'no-data-dir-here');
const NO_DATABASE = { DAWN_DATA_DIR: missingDataDir };

/** The input of issue 6, verbatim. */
const ISSUE_EXAMPLE = `{ "jurisdiction": "IN", "asOf": "2025-06-01T12:00:00+05:30",
  "case": { "offences": ["BNS:143(4)", "POCSO:6"], "forum": "special-pocso",
            "victims": [{ "ref": "V1", "birthDate": "2009-04-02" }],
            "accused": [{ "ref": "A1" }, { "ref": "A2" }] },
  "events": [
    { "type": "fir.registered", "at": "2025-01-10T09:30:00+05:30" },
    { "type": "accused.remanded", "at": "2025-01-11T14:00:00+05:30", "accused": "A1", "custody": "judicial" },
    { "type": "chargesheet.filed", "at": "2025-03-20T11:00:00+05:30", "accused": ["A1"] } ] }`;

/** The obligation the issue shows for that input, verbatim. */
const ISSUE_OBLIGATION = {
  rule: 'IN.BNSS.187.chargesheet',
  citation: 'BNSS s.187(3)',
  subject: 'A1',
  startsAt: '2025-01-11T14:00:00+05:30',
  dueAt: '2025-04-10T23:59:59.999+05:30',
  status: 'met',
  metAt: '2025-03-20T11:00:00+05:30',
  consequence: 'accused-right-accrues',
};
const CONTRACT_FIELDS = Object.keys(ISSUE_OBLIGATION);

interface Output {
  regime: string;
  obligations: Record<string, unknown>[];
}

function writeCase(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Runs the command with `text` on its standard input. */
function runDawnWithInput(args: string[], text: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DAWN_BIN, ...args], {
      env: { ...process.env, ...NO_DATABASE, DATABASE_URL: '' },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dawn ${args.join(' ')} did not finish`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(text);
  });
}

function contractOf(obligation: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CONTRACT_FIELDS.map((field) => [field, obligation[field]]));
}

describe('dawn deadlines evaluate', () => {
  it('prints the issue’s obligation for the issue’s example, sorted by due date, without a database', async () => {
    const file = writeCase('issue-example.json', ISSUE_EXAMPLE);
    const result = await runDawn(['deadlines', 'evaluate', file], NO_DATABASE);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as Output;
    expect(output.regime).toBe('BNSS');
    const chargesheets = output.obligations.filter(
      (obligation) => obligation.rule === 'IN.BNSS.187.chargesheet',
    );
    // A2 was never remanded: one chargesheet clock, A1's, exactly as the issue shows it.
    expect(chargesheets.map(contractOf)).toEqual([ISSUE_OBLIGATION]);
    // Every obligation carries the contract's fields in the contract's order, first.
    for (const obligation of output.obligations) {
      expect(Object.keys(obligation).slice(0, CONTRACT_FIELDS.length)).toEqual(CONTRACT_FIELDS);
    }
    const dues = output.obligations.map((obligation) => Date.parse(String(obligation.dueAt)));
    expect(dues).toEqual([...dues].sort((left, right) => left - right));
    expect(output.obligations.map((obligation) => obligation.rule)).toEqual([
      'IN.POCSO.19.report-cwc-court',
      'IN.BNSS.193.investigation',
      'IN.BNSS.187.chargesheet',
      'IN.BNSS.193.victim-progress',
    ]);
    // Nothing was created where a data directory would be.
    expect(fs.existsSync(missingDataDir)).toBe(false);
  });

  it('reads standard input when the file is "-", and gives the same result', async () => {
    const fromFile = await runDawnInProcess(
      ['deadlines', 'evaluate', writeCase('same.json', ISSUE_EXAMPLE)],
      NO_DATABASE,
    );
    const fromStdin = await runDawnWithInput(['deadlines', 'evaluate', '-'], ISSUE_EXAMPLE);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stderr).toBe('');
    expect(JSON.parse(fromStdin.stdout)).toEqual(JSON.parse(fromFile.stdout));
  });

  it('exits 2 and names the field when an event’s time is not a date-time', async () => {
    const input = JSON.parse(ISSUE_EXAMPLE) as { events: { at: string }[] };
    const third = input.events[2];
    if (third) third.at = '20 March 2025';
    const result = await runDawnInProcess(
      ['deadlines', 'evaluate', '-'],
      NO_DATABASE,
      JSON.stringify(input),
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'dawn: events[2].at: must be an ISO date-time with an offset, e.g. 2025-01-10T09:30:00+05:30',
    ]);
  });

  it('exits 2 for input that is not JSON', async () => {
    const notJson = await runDawnInProcess(
      ['deadlines', 'evaluate', '-'],
      NO_DATABASE,
      '{ "jurisdiction": ',
    );
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^dawn: input: not JSON/);
  });

  it('takes persons named only by events as persons of the case, and lists the pack 2 clocks (issue 18)', async () => {
    const input = {
      jurisdiction: 'IN',
      asOf: '2025-06-01T12:00:00+05:30',
      case: { offences: ['BNS:143(4)'], victims: [], accused: [{ ref: 'A1' }] },
      events: [
        { type: 'fir.registered', at: '2025-01-10T09:30:00+05:30' },
        {
          type: 'victim.interim_custody_ordered',
          at: '2025-01-12T11:00:00+05:30',
          victim: 'V4',
        },
        { type: 'accused.remanded', at: '2025-01-11T14:00:00+05:30', accused: 'A9' },
        { type: 'court.judgment', at: '2025-03-10T15:00:00+05:30', outcome: 'acquittal' },
      ],
    };
    const result = await runDawnInProcess(
      ['deadlines', 'evaluate', writeCase('named-by-events.json', JSON.stringify(input))],
      NO_DATABASE,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as Output;
    const clocks = output.obligations.map(({ rule, subject, dueAt }) => ({ rule, subject, dueAt }));
    expect(clocks).toContainEqual({
      rule: 'IN.ITPA.17.interim-custody',
      subject: 'V4',
      dueAt: '2025-02-02T23:59:59.999+05:30',
    });
    expect(clocks).toContainEqual({
      rule: 'IN.BNSS.187.chargesheet',
      subject: 'A9',
      dueAt: '2025-04-10T23:59:59.999+05:30',
    });
    expect(clocks.filter((clock) => clock.rule === 'IN.LIM.appeal-acquittal')).toEqual(
      ['A1', 'A9'].map((subject) => ({
        rule: 'IN.LIM.appeal-acquittal',
        subject,
        dueAt: '2025-06-08T23:59:59.999+05:30',
      })),
    );
  });

  it('exits 1 when the file cannot be read, and explains itself with --help', async () => {
    const missing = await runDawnInProcess(
      ['deadlines', 'evaluate', path.join(dir, 'absent.json')],
      NO_DATABASE,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');

    const help = await runDawnInProcess(['deadlines', 'evaluate', '--help'], NO_DATABASE);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('or - to read standard input');
    expect(help.stdout).toContain('2 invalid input');
  });
});
