import type { Page } from 'playwright-core';

/**
 * How the field-ready stories find English left on a page read in Bengali or Hindi: the words
 * shown or spoken there that are neither allowed in every language nor the fictional data's own.
 */

/**
 * Words that stay as they are in every language: the product's name, statutes and institutions
 * known by their initials, and the language switch (each language named in itself).
 */
export const ALLOWED_WORDS = new Set(
  [
    'Dawn',
    'English',
    'FIR',
    'CNR',
    'CWC',
    'NGO',
    'BNSS',
    'BNS',
    'CrPC',
    'IPC',
    'ITPA',
    'POCSO',
    'DLSA',
    'SLSA',
    'NALSA',
    'IST',
    'PDF',
    'JPEG',
    'PNG',
    'WebP',
    'HEIC',
    'DOCX',
    'ODT',
    'iCalendar',
    'ICS',
    'SHA',
    'AHTU',
    'ASO',
    'VCS',
    // Statutes keep their English names in citations ("JJ Act s.31", "Limitation Act Art. 114",
    // "POCSO Rules 2020 r.8(2)").
    'Act',
    'Limitation',
    'Art',
    'Rules',
    // File formats, named as their programs name them, and the time zone's identifier.
    'CSV',
    'XLSX',
    'GraphML',
    'Asia',
    // The exchange formats and standards the export page offers, known by their initials.
    'HTCDS',
    'CTDC',
    'IOM',
    'JSON',
    // Programs talk to Dawn through its API, with API tokens: initials in every language.
    'API',
  ].map((word) => word.toLowerCase()),
);

/**
 * Opens each deadline's "How it was computed" in turn (one is open at a time) and returns the
 * English words of all of them.
 */
export async function explanationWords(page: Page, fictional: Set<string>): Promise<string[]> {
  const words = new Set<string>();
  const toggles = page.locator('main button[aria-expanded]');
  const count = Math.min(await toggles.count(), 40);
  for (let index = 0; index < count; index += 1) {
    await toggles.nth(index).click();
    await page.locator('main button[aria-expanded="true"]').waitFor();
    for (const word of await englishWords(page, fictional)) words.add(word);
  }
  return [...words];
}

/** English words shown or spoken on the page that are neither allowed nor part of fictional data. */
export async function englishWords(page: Page, fictional: Set<string>): Promise<string[]> {
  // What is read, and what a screen reader says besides it: labels of buttons that show only an
  // icon, tooltips, placeholders, images' text, values spoken in words.
  const shown = await page.evaluate(() => {
    const spoken = [
      'aria-label',
      'aria-description',
      'aria-roledescription',
      'aria-placeholder',
      'aria-valuetext',
      'title',
      'placeholder',
      'alt',
    ];
    const said = [...document.querySelectorAll(spoken.map((name) => `[${name}]`).join(','))]
      .filter((element) => !element.closest('[aria-hidden="true"]'))
      .flatMap((element) => spoken.map((name) => element.getAttribute(name) ?? ''));
    return [document.body.innerText, document.title, ...said].join('\n');
  });
  // The demo's own records, written in English as their people would write them, whichever
  // language they read Dawn in: a phrase from "Demo" to its "(fictional)" on the same line (a
  // hearing's outcome, a note), and names that start with "Demo" (a venue, a trainer).
  const read = shown
    .replace(/\bDemo\b[^\n]*?\(fictional\)/g, ' ')
    .replace(/\bDemo(?: +[A-Z][A-Za-z'’]*)+/g, ' ')
    // Ids and fingerprints, whole or their start (an audit entry's "Reference 0a9d3a43", a
    // story version's SHA-256): hexadecimal, not words, whatever letters they happen to hold.
    .replace(/\b(?=[0-9a-f-]{8,}\b)(?=[0-9a-f-]*\d)[0-9a-f-]+\b/g, ' ');
  // Pseudonyms and references of the fictional data: a word joined to a code (Heena-AWNY,
  // WBKO/41, CC-2026-0900), and CNRs, taken whole.
  const pseudonymCodes = new Set(
    [...read.matchAll(/\b([A-Za-z]+)[-/]([A-Za-z0-9]+)\b/g)]
      .filter(
        (match) => /^[A-Z0-9]{2,}$/.test(match[2] ?? '') || /^[A-Z]{2,}$/.test(match[1] ?? ''),
      )
      .flatMap((match) => [match[1] ?? '', ...(match[2] ?? '').split(/\d+/)])
      // A CNR: the court's four letters, then digits (WBKO010012342026).
      .concat([...read.matchAll(/\b([A-Z]{4})\d{6,}\b/g)].map((match) => match[1] ?? '')),
  );
  const known = (word: string) =>
    pseudonymCodes.has(word) ||
    ALLOWED_WORDS.has(word.toLowerCase()) ||
    fictional.has(word.toLowerCase());
  return [
    ...new Set(
      (read.match(/[A-Za-z][A-Za-z'’]{2,}/g) ?? [])
        .filter((word) => !known(word))
        // Chart labels drawn side by side read as one word ("KolkataSouth"): split them.
        .flatMap((word) => word.split(/(?<=[a-z])(?=[A-Z])/))
        .filter((word) => word.length > 2 && !known(word)),
    ),
  ];
}
