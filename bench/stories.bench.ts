/**
 * Stories benchmark (issue 13): the identity-leak guard on a 2,000-word story (aim: under 200 ms)
 * and printing a 13-page edition (cover and twelve months) with the system Chromium (aim: under
 * 15 s).
 *
 *   npx tsx bench/stories.bench.ts
 *
 * Stories come from the guard's generated set (a fixed seed); the edition repeats its Bengali and
 * English texts over twelve months with the installation's default holidays. Nothing is written
 * except the PDF, to the system's temporary directory, removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INDIAN_NATIONAL_HOLIDAYS, checkStoryForIdentifiers } from '../packages/core/src/index.ts';
import {
  cleanStory,
  generatedSurvivor,
  seededRandom,
} from '../packages/core/src/stories/identity-leak-guard.test-support.ts';
import { calendarHtml } from '../packages/server/src/features/stories/calendar-html.ts';
import { printPdf } from '../packages/server/src/features/stories/calendar-pdf.ts';

const ROUNDS = 5;

function twoThousandWords(language: 'en' | 'bn' | 'hi'): string {
  const random = seededRandom(42);
  const survivor = generatedSurvivor(random);
  let text = '';
  while (text.split(/\s+/).length < 2_000) text += ` ${cleanStory(random, survivor, language, 20)}`;
  return text.split(/\s+/).slice(0, 2_000).join(' ');
}

const survivor = generatedSurvivor(seededRandom(7));
for (const language of ['en', 'bn', 'hi'] as const) {
  const text = twoThousandWords(language);
  checkStoryForIdentifiers([{ language, text }], survivor.identifiers); // warm up
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    checkStoryForIdentifiers([{ language, text }], survivor.identifiers);
    times.push(performance.now() - started);
  }
  times.sort((left, right) => left - right);
  console.log(
    `guard, 2,000-word ${language} story: median ${times[Math.floor(ROUNDS / 2)]?.toFixed(1)} ms, worst ${times.at(-1)?.toFixed(1)} ms (aim < 200 ms)`,
  );
}

const random = seededRandom(2027);
const months = Array.from({ length: 12 }, (_, index) => ({
  month: index + 1,
  publicPseudonym: `Demo ${index + 1}`,
  texts: [
    { language: 'bn' as const, title: 'গল্প', body: cleanStory(random, survivor, 'bn', 8) },
    { language: 'en' as const, title: 'Story', body: cleanStory(random, survivor, 'en', 8) },
  ],
}));
const html = calendarHtml({
  year: 2027,
  title: 'Benchmark edition',
  subtitle: '',
  paper: 'A4',
  orientation: 'portrait',
  bleedMarks: true,
  months,
  holidays: INDIAN_NATIONAL_HOLIDAYS,
});
const started = performance.now();
const pdf = await printPdf(html, { paper: 'A4', orientation: 'portrait' });
const seconds = (performance.now() - started) / 1000;
const file = path.join(os.tmpdir(), `dawn-bench-${process.pid}.pdf`);
fs.writeFileSync(file, pdf);
fs.rmSync(file);
console.log(
  `edition, 13 pages (cover + 12 months, bn + en): ${seconds.toFixed(2)} s including Chromium start, ${(pdf.length / 1024).toFixed(0)} KiB (aim < 15 s)`,
);
