import { OFFENCE_CATALOGUE } from '../deadlines/offence-catalogue.ts';
import { OFFENCE_CODE_PATTERN, parseOffenceCode } from '../deadlines/offence-code.ts';
import type {
  CUSTODY_KINDS,
  Forum,
  HEARING_PURPOSES,
  VERDICTS,
} from '../legal-cases/legal-case-events.ts';

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

export const HEARING_PURPOSE_WORDS: Readonly<Record<string, (typeof HEARING_PURPOSES)[number]>> = {
  witness: 'evidence',
  witnesses: 'evidence',
  argument: 'arguments',
  sentencing: 'sentence',
  framingofcharge: 'charge',
  charges: 'charge',
  সাক্ষ্য: 'evidence',
  জামিন: 'bail',
  চার্জ: 'charge',
  যুক্তিতর্ক: 'arguments',
  রায়: 'judgment',
  হাজিরা: 'appearance',
  साक्ष्य: 'evidence',
  गवाही: 'evidence',
  जमानत: 'bail',
  आरोप: 'charge',
  बहस: 'arguments',
  निर्णय: 'judgment',
  फैसला: 'judgment',
  पेशी: 'appearance',
};

/** A hearing that went ahead, or one the court put off to another day. */
export const HEARING_STATUSES = ['held', 'adjourned'] as const;
export const HEARING_STATUS_WORDS: Readonly<Record<string, (typeof HEARING_STATUSES)[number]>> = {
  heard: 'held',
  proceeded: 'held',
  হয়েছে: 'held',
  অনুষ্ঠিত: 'held',
  শুনানিহয়েছে: 'held',
  हुई: 'held',
  संपन्न: 'held',
  सम्पन्न: 'held',
  सुनवाईहुई: 'held',
  adj: 'adjourned',
  postponed: 'adjourned',
  মুলতুবি: 'adjourned',
  স্থগিত: 'adjourned',
  स्थगित: 'adjourned',
};

/** Who filed the appeal, as the appeal event names them. */
export const APPEALED_BY = ['accused', 'state', 'victim'] as const;
export const APPEALED_BY_WORDS: Readonly<Record<string, (typeof APPEALED_BY)[number]>> = {
  convict: 'accused',
  defence: 'accused',
  অভিযুক্ত: 'accused',
  আসামি: 'accused',
  আসামী: 'accused',
  अभियुक्त: 'accused',
  आरोपी: 'accused',
  दोषी: 'accused',
  prosecution: 'state',
  government: 'state',
  রাষ্ট্র: 'state',
  সরকার: 'state',
  राज्य: 'state',
  सरकार: 'state',
  अभियोजन: 'state',
  survivor: 'victim',
  ভিকটিম: 'victim',
  নির্যাতিতা: 'victim',
  पीड़िता: 'victim',
};

/** How an appeal was decided, as the appeal event records it. */
export const APPEAL_OUTCOMES = ['dismissed', 'allowed', 'partly_allowed', 'remanded'] as const;
export const APPEAL_OUTCOME_WORDS: Readonly<Record<string, (typeof APPEAL_OUTCOMES)[number]>> = {
  rejected: 'dismissed',
  খারিজ: 'dismissed',
  নামঞ্জুর: 'dismissed',
  खारिज: 'dismissed',
  नामंजूर: 'dismissed',
  accepted: 'allowed',
  মঞ্জুর: 'allowed',
  स्वीकार: 'allowed',
  स्वीकृत: 'allowed',
  मंजूर: 'allowed',
  partiallyallowed: 'partly_allowed',
  partly: 'partly_allowed',
  আংশিকমঞ্জুর: 'partly_allowed',
  आंशिकस्वीकृत: 'partly_allowed',
  sentback: 'remanded',
  পুনর্বিচারেরজন্যফেরত: 'remanded',
  प्रतिप्रेषित: 'remanded',
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
