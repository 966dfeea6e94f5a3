/**
 * eCourts Case Number Record (CNR): 16 characters, `SSDDEENNNNNNYYYY` — a state code and a
 * district code (two letters each), a two-digit establishment code, a six-digit case serial and
 * the four-digit year of filing, e.g. `WBKO010012342025`.
 */
export const CNR_PATTERN = /^[A-Z]{4}[0-9]{2}[0-9]{6}[0-9]{4}$/;

export type CnrCheck = { ok: true; cnr: string } | { ok: false; message: string };

/** Upper-cases and strips spaces and dashes, as people copy CNRs from eCourts pages. */
export function normaliseCnr(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function checkCnr(raw: string, now: Date = new Date()): CnrCheck {
  const cnr = normaliseCnr(raw);
  if (cnr.length !== 16) {
    return { ok: false, message: `must be 16 characters (has ${cnr.length})` };
  }
  if (!CNR_PATTERN.test(cnr)) {
    return {
      ok: false,
      message: 'must be 4 letters (state, district) then 12 digits, e.g. WBKO010012342025',
    };
  }
  const year = Number(cnr.slice(12));
  if (year < 1950 || year > now.getUTCFullYear() + 1) {
    return { ok: false, message: `ends with the filing year, and ${year} is not plausible` };
  }
  return { ok: true, cnr };
}
