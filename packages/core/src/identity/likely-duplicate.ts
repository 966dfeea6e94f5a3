/**
 * When the import calls a row a likely duplicate of a recorded person (it lists the row for
 * review instead of creating a second record). Names compared within one script differ only in
 * spelling; a name written in Bengali or Devanagari compared with a Latin one differs also by
 * its transliteration (Dutta/দত্ত → datta, Mukherjee/মুখার্জী → mukharji), so the same person
 * scores lower, and the threshold is lower, as measured in likely-duplicate.test.ts and
 * docs/identity-matching.md: at 0.70 across scripts, different people pass it less often than
 * Latin spelling variants at 0.75.
 */
export const LIKELY_DUPLICATE_SCORE = 0.75;
export const LIKELY_DUPLICATE_SCORE_ACROSS_SCRIPTS = 0.7;

type NameScript = 'latin' | 'bengali' | 'devanagari';

const SCRIPTS: readonly [NameScript, RegExp][] = [
  ['latin', /[A-Za-z]/],
  ['bengali', /[\u0980-\u09FF]/],
  ['devanagari', /[\u0900-\u097F]/],
];

function scriptsOf(names: readonly string[]): Set<NameScript> {
  return new Set(
    SCRIPTS.filter(([, letters]) => names.some((name) => letters.test(name))).map(
      ([script]) => script,
    ),
  );
}

/** The score from which `candidate` is a likely duplicate of `query` (each: legal name, aliases). */
export function likelyDuplicateScore(
  query: readonly string[],
  candidate: readonly string[],
): number {
  const candidateScripts = scriptsOf(candidate);
  const queryScripts = [...scriptsOf(query)];
  if (queryScripts.length === 0 || candidateScripts.size === 0) return LIKELY_DUPLICATE_SCORE;
  return queryScripts.some((script) => candidateScripts.has(script))
    ? LIKELY_DUPLICATE_SCORE
    : LIKELY_DUPLICATE_SCORE_ACROSS_SCRIPTS;
}
