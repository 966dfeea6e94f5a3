/**
 * Deadline engine benchmark: evaluates 100,000 generated cases with the India pack and prints
 * cases per second (issue 6 aims for at least 100,000 a second), then the same for validation
 * plus evaluation (what the CLI and an HTTP route pay per case).
 *
 *   npx tsx bench/deadlines.bench.ts
 *
 * Cases are generated in batches (generation is not timed) from a fixed seed, so every run
 * evaluates the same cases. Each batch goes through JSON once, untimed, because that is how the
 * engine receives input (CLI file, HTTP body, a JSON column): strings built here by concatenation
 * would otherwise be flattened on first read inside the timed loop, a cost real input never has
 * (about 2× per date-time parse). Work is bounded by CASES; nothing is written anywhere.
 */
import {
  evaluate,
  parseDeadlineInput,
  type DeadlineInput,
  type DeadlineInputEvent,
} from '../packages/core/src/deadlines/index.ts';

const CASES = 100_000;
const BATCH = 10_000;
const VALIDATED_CASES = 20_000;
const ROUNDS = 3;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const IST_MS = 330 * 60_000;
const OFFENCES = [
  'BNS:143(4)',
  'BNS:143(2)',
  'BNS:144(2)',
  'POCSO:6',
  'POCSO:4',
  'BNS:64',
  'ITPA:5',
  'ITPA:3',
  'IPC:370(4)',
  'IPC:376',
] as const;
const FORUMS = ['magistrate', 'sessions', 'special-pocso'] as const;

/** Mulberry32: small, fast, and the same numbers on every run. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function iso(instant: number): string {
  return `${new Date(instant + IST_MS).toISOString().slice(0, 19)}+05:30`;
}

function generateCase(random: () => number, number: number): DeadlineInput {
  const between = (low: number, high: number): number =>
    low + Math.floor(random() * (high - low + 1));
  const chance = (probability: number): boolean => random() < probability;
  const fir = Date.UTC(2023, 0, 1) + between(0, 3 * 365) * DAY_MS + between(0, 23) * HOUR_MS;
  const events: DeadlineInputEvent[] = [{ type: 'fir.registered', at: iso(fir), id: `e${number}` }];
  const add = (type: string, at: number, extra: Partial<DeadlineInputEvent> = {}): void => {
    events.push({ type, at: iso(at), ...extra });
  };

  const victims = Array.from({ length: between(1, 3) }, (_, index) => ({
    ref: `V${index + 1}`,
    birthDate: new Date(fir - between(10, 25) * 365 * DAY_MS).toISOString().slice(0, 10),
  }));
  const accused = Array.from({ length: between(1, 4) }, (_, index) => ({ ref: `A${index + 1}` }));
  const offences = [
    ...new Set(
      Array.from(
        { length: between(1, 3) },
        () => OFFENCES[between(0, OFFENCES.length - 1)] ?? 'BNS:143(2)',
      ),
    ),
  ];

  for (const person of accused) {
    const arrested = fir + between(0, 20) * DAY_MS;
    add('accused.arrested', arrested, { accused: person.ref });
    if (chance(0.9))
      add('accused.produced_before_magistrate', arrested + between(2, 30) * HOUR_MS, {
        accused: person.ref,
      });
    if (chance(0.8))
      add('accused.remanded', arrested + between(20, 30) * HOUR_MS, {
        accused: person.ref,
        custody: 'judicial',
      });
  }
  const chargesheet = fir + between(30, 120) * DAY_MS;
  if (chance(0.7))
    add(
      'chargesheet.filed',
      chargesheet,
      chance(0.5) ? { accused: [accused[0]?.ref ?? 'A1'] } : {},
    );
  if (chance(0.5)) add('victim.informed_of_progress', fir + between(20, 100) * DAY_MS);
  for (const victim of victims) {
    const rescued = fir - between(0, 2) * DAY_MS;
    add('victim.rescued', rescued, { victim: victim.ref });
    if (chance(0.8))
      add('victim.produced_before_cwc', rescued + between(2, 40) * HOUR_MS, { victim: victim.ref });
    if (chance(0.5))
      add('cwc.social_investigation_report', rescued + between(5, 30) * DAY_MS, {
        victim: victim.ref,
      });
    if (chance(0.6))
      add('victim.medical_examined', fir + between(2, 40) * HOUR_MS, { victim: victim.ref });
    if (chance(0.3))
      add('compensation.applied', fir + between(60, 300) * DAY_MS, { victim: victim.ref });
  }
  if (chance(0.6)) {
    const cognizance = chargesheet + between(5, 60) * DAY_MS;
    add('court.cognizance', cognizance);
    if (chance(0.6)) add('victim.deposition_recorded', cognizance + between(10, 90) * DAY_MS);
    if (chance(0.5)) add('court.charge_hearing', cognizance + between(10, 40) * DAY_MS);
    if (chance(0.3)) add('court.arguments_concluded', cognizance + between(200, 400) * DAY_MS);
  }
  return {
    jurisdiction: 'IN',
    asOf: iso(fir + between(0, 600) * DAY_MS),
    case: {
      offences,
      forum: FORUMS[between(0, FORUMS.length - 1)] ?? 'sessions',
      victims,
      accused,
    },
    events,
  };
}

interface Rate {
  /** Cases per second of elapsed time. */
  readonly wall: number;
  /** Cases per second of this process's CPU time: steadier when other work shares the cores. */
  readonly cpu: number;
}

function measure(label: string, total: number, run: (input: DeadlineInput) => number): Rate {
  const random = randomSource(6);
  let elapsed = 0;
  let cpuMicros = 0;
  let obligations = 0;
  for (let done = 0; done < total; done += BATCH) {
    const generated = Array.from({ length: Math.min(BATCH, total - done) }, (_, index) =>
      generateCase(random, done + index),
    );
    const batch = JSON.parse(JSON.stringify(generated)) as DeadlineInput[];
    const started = performance.now();
    const cpuAtStart = process.cpuUsage();
    for (const input of batch) obligations += run(input);
    const cpu = process.cpuUsage(cpuAtStart);
    elapsed += performance.now() - started;
    cpuMicros += cpu.user + cpu.system;
  }
  const rate = { wall: total / (elapsed / 1000), cpu: total / (cpuMicros / 1_000_000) };
  console.log(
    `${label.padEnd(22)} ${rate.wall.toFixed(0).padStart(8)} cases/s (${rate.cpu.toFixed(0)} per CPU-second)   ${total} cases, ${obligations} obligations, ${elapsed.toFixed(0)} ms`,
  );
  return rate;
}

const rates: Rate[] = [];
for (let round = 1; round <= ROUNDS; round += 1) {
  rates.push(
    measure(`evaluate (round ${round})`, CASES, (input) => evaluate(input).obligations.length),
  );
}
measure('validate + evaluate', VALIDATED_CASES, (input) => {
  const parsed = parseDeadlineInput(JSON.parse(JSON.stringify(input)) as unknown);
  return evaluate(parsed.input, parsed.pack).obligations.length;
});
const best = Math.max(...rates.map((rate) => rate.wall));
const bestCpu = Math.max(...rates.map((rate) => rate.cpu));
console.log(
  `best evaluate: ${best.toFixed(0)} cases/s, ${bestCpu.toFixed(0)} per CPU-second (target 100000): ${best >= 100_000 ? 'met' : 'NOT met'}`,
);
