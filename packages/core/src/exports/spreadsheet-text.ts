/**
 * Text written into a CSV that people open in a spreadsheet. A cell that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a
 * formula (OWASP's "CSV injection"): a place name typed as `=HYPERLINK("http://…"&A2)` would run
 * on the partner's machine that opens the file. Such text gets a leading apostrophe, which the
 * spreadsheets show as text and do not display; a number (`-3`, `+1.5`) is left as it is.
 */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/u;

export function spreadsheetSafeText(text: string): string {
  const first = text.charCodeAt(0);
  // = + - @ tab CR, by code (the export writes a million rows a run).
  if (first !== 61 && first !== 43 && first !== 45 && first !== 64 && first !== 9 && first !== 13)
    return text;
  return NUMBER.test(text) ? text : `'${text}`;
}

/** The byte-order mark that tells Excel a CSV is UTF-8 (without it, Bengali and Hindi turn to mojibake). */
export const UTF8_BOM = '\uFEFF';
