import { OFFENCE_CATALOGUE } from '../deadlines/offence-catalogue.ts';
import { OFFENCE_CODE_PATTERN, parseOffenceCode } from '../deadlines/offence-code.ts';
import type { CUSTODY_KINDS, Forum, VERDICTS } from '../legal-cases/legal-case-events.ts';

/**
 * How Indian registers write what a legal-case row holds, in English, Bengali and Hindi: custody,
 * court, bail and judgment words (compared on letters only, see `importCodeOf`), offences as
 * sections of a statute, rupees, and lists in one cell.
 */
export const CUSTODY_WORDS: Readonly<Record<string, (typeof CUSTODY_KINDS)[number]>> = {
  police: 'police',
  pc: 'police',
  policecustody: 'police',
  পুলিশ: 'police',
  পুলিশহেফাজত: 'police',
  पुलिस: 'police',
  पुलिसहिरासत: 'police',
  judicial: 'judicial',
  jc: 'judicial',
  judicialcustody: 'judicial',
  জেলহেফাজত: 'judicial',
  বিচারবিভাগীয়: 'judicial',
  न्यायिक: 'judicial',
  न्यायिकहिरासत: 'judicial',
};

export const FORUM_WORDS: Readonly<Record<string, Forum>> = {
  magistrate: 'magistrate',
  cjm: 'magistrate',
  acjm: 'magistrate',
  sessions: 'sessions',
  sessionscourt: 'sessions',
  specialpocso: 'special-pocso',
  pocso: 'special-pocso',
  pocsocourt: 'special-pocso',
  specialcourt: 'special-pocso',
};

export const BAIL_DECISIONS = ['granted', 'refused'] as const;
export const BAIL_WORDS: Readonly<Record<string, (typeof BAIL_DECISIONS)[number]>> = {
  granted: 'granted',
  bailed: 'granted',
  yes: 'granted',
  onbail: 'granted',
  জামিনমঞ্জুর: 'granted',
  মঞ্জুর: 'granted',
  জামিনপেয়েছে: 'granted',
  जमानतमंजूर: 'granted',
  मंजूर: 'granted',
  स्वीकृत: 'granted',
  refused: 'refused',
  rejected: 'refused',
  denied: 'refused',
  no: 'refused',
  জামিননামঞ্জুর: 'refused',
  নামঞ্জুর: 'refused',
  खारिज: 'refused',
  जमानतखारिज: 'refused',
  नामंजूर: 'refused',
};

export const VERDICT_WORDS: Readonly<Record<string, (typeof VERDICTS)[number]>> = {
  convicted: 'convicted',
  conviction: 'convicted',
  guilty: 'convicted',
  দোষীসাব্যস্ত: 'convicted',
  সাজা: 'convicted',
  दोषसिद्ध: 'convicted',
  दोषी: 'convicted',
  acquitted: 'acquitted',
  acquittal: 'acquitted',
  notguilty: 'acquitted',
  খালাস: 'acquitted',
  বেকসুরখালাস: 'acquitted',
  बरी: 'acquitted',
  दोषमुक्त: 'acquitted',
};

/** The statutes the offence catalogue knows; a code of another statute is a typing slip. */
const KNOWN_STATUTES = new Set(
  OFFENCE_CATALOGUE.flatMap((entry) => parseOffenceCode(entry.code)?.statute ?? []),
);

/**
 * An offence as Indian registers write it, in Dawn's form: `BNS 143(4)`, `bns:143(4)`,
 * `POCSO s.6` → `BNS:143(4)`, `POCSO:6`. Undefined when it cannot be read as a section of a
 * statute Dawn knows.
 */
export function importedOffenceCode(text: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9-]*)\s*[:\s]\s*(?:s\.?|sec\.?|section)?\s*([0-9].*)$/iu.exec(
    text.trim(),
  );
  if (!match) return undefined;
  const [, statute = '', rest = ''] = match;
  const compact = rest.replace(/\s+/gu, '');
  const bracket = compact.indexOf('(');
  const section = bracket < 0 ? compact : compact.slice(0, bracket);
  const code = `${statute.toUpperCase()}:${section.toUpperCase()}${bracket < 0 ? '' : compact.slice(bracket)}`;
  if (!OFFENCE_CODE_PATTERN.test(code)) return undefined;
  const parsed = parseOffenceCode(code);
  return parsed && KNOWN_STATUTES.has(parsed.statute) ? code : undefined;
}

/** Rupees as registers write them: `2,00,000`, `Rs. 50000`; `₹ 1 lakh` is not read. */
export function importedRupees(text: string): number | undefined {
  const digits = text
    .replace(/^(rs\.?|inr|₹)\s*/iu, '')
    .replace(/[,\s]/gu, '')
    .replace(/\.0+$/u, '');
  if (!/^[0-9]{1,9}$/u.test(digits)) return undefined;
  const value = Number(digits);
  return value <= 100_000_000 ? value : undefined;
}

/** Several names or ids in one cell: `;`, `,`, `|` or a line break between them. */
export const importedCellList = (text: string) =>
  text
    .split(/[;,|\n]/u)
    .map((item) => item.trim())
    .filter((item) => item !== '');
