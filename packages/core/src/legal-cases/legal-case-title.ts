import { z } from 'zod';

/**
 * What a legal case's title is made of: its FIR's number, year and police station's name, or,
 * without an FIR, the start of its id. Never a person. Answers carry these parts beside the English
 * `title` so each reader's screen composes the title in her own language (docs/legal-cases.md).
 */
export const legalCaseTitleFirSchema = z
  .object({ number: z.string(), year: z.number().int(), policeStation: z.string() })
  .nullable()
  .describe("the title's FIR (number, year, police station's name); null: no FIR, the id's start");

export type LegalCaseTitleFir = NonNullable<z.infer<typeof legalCaseTitleFirSchema>>;

/** A case has an FIR title once its FIR's number and year are known; the station may be unnamed. */
export function legalCaseTitleFir(fir: {
  number: string | null;
  year: number | null;
  policeStation: string | null;
}): LegalCaseTitleFir | null {
  return fir.number && fir.year
    ? { number: fir.number, year: fir.year, policeStation: fir.policeStation ?? '' }
    : null;
}

/** How many characters of the id name a case without an FIR. */
export const LEGAL_CASE_ID_START = 8;

/**
 * The title in English, for API clients, e-mails and the English printable pages; the web app
 * composes it through its own messages instead.
 */
export function englishLegalCaseTitle(fir: LegalCaseTitleFir | null, id: string): string {
  return fir
    ? `FIR ${fir.number}/${fir.year}, ${fir.policeStation}`
    : `Legal case ${id.slice(0, LEGAL_CASE_ID_START)}`;
}

const ENGLISH_FIR_TITLE = /^FIR (.+)\/(\d{4}), (.*)$/s;
const ENGLISH_TITLE_WITHOUT_FIR = /^Legal case ([0-9a-f]{8})$/;

/**
 * The parts of a title `englishLegalCaseTitle` wrote (an obligation's stored `caseCode`, written
 * once in English for e-mails, alerts and webhooks), so a screen can say it in the reader's
 * language; undefined for text it did not write, which is shown as it is. Its inverse on every
 * title it writes (core's tests hold the two together).
 */
export function partsOfEnglishLegalCaseTitle(
  title: string,
): { fir: LegalCaseTitleFir | null; idStart: string } | undefined {
  const fir = ENGLISH_FIR_TITLE.exec(title);
  if (fir) {
    const [, number = '', year = '', policeStation = ''] = fir;
    return { fir: { number, year: Number(year), policeStation }, idStart: '' };
  }
  const idStart = ENGLISH_TITLE_WITHOUT_FIR.exec(title)?.[1];
  return idStart === undefined ? undefined : { fir: null, idStart };
}
