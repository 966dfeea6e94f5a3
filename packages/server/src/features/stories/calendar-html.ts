import {
  localNumeral,
  monthGrid,
  monthName,
  weekdayNames,
  type Holiday,
  type StoryLanguage,
} from '@dawn/core';

/**
 * The calendar as one HTML document, page by page: what the preview shows and Chromium prints.
 * Story texts are printed exactly as approved (escaped, never rewritten), so text extracted from
 * the PDF is the approved text.
 */
export interface CalendarPageText {
  language: StoryLanguage;
  title: string;
  body: string;
}

export interface CalendarMonthPage {
  month: number;
  publicPseudonym: string;
  texts: CalendarPageText[];
  /** The story's cleaned image as a data: URL (no metadata), if it has one. */
  image?: string | undefined;
}

export interface CalendarDocument {
  year: number;
  title: string;
  subtitle: string;
  paper: 'A4' | 'A3';
  orientation: 'portrait' | 'landscape';
  bleedMarks: boolean;
  months: CalendarMonthPage[];
  holidays: readonly Holiday[];
}

const FONT_STACK =
  "'Noto Sans', 'Noto Sans Bengali', 'Noto Sans Devanagari', 'Noto Serif Bengali', sans-serif";

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
    .join('');
}

function grid(year: number, month: number, language: StoryLanguage, holidays: readonly Holiday[]) {
  const weeks = monthGrid(year, month, holidays);
  const head = weekdayNames(language)
    .map((name) => `<th>${escapeHtml(name)}</th>`)
    .join('');
  const rows = weeks
    .map(
      (week) =>
        `<tr>${week
          .map((day) =>
            day
              ? `<td class="${day.weekday === 0 || day.holiday ? 'rest' : ''}">${localNumeral(language, day.day)}</td>`
              : '<td></td>',
          )
          .join('')}</tr>`,
    )
    .join('');
  const monthHolidays = holidays
    .filter((holiday) => holiday.month === month)
    .sort((left, right) => left.day - right.day)
    .map(
      (holiday) =>
        `<li>${localNumeral(language, holiday.day)} ${escapeHtml(monthName(language, month))}: ${escapeHtml(holiday.names[language])}</li>`,
    )
    .join('');
  return `<table class="grid" aria-label="${escapeHtml(monthName(language, month))} ${localNumeral(language, year)}"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>${monthHolidays ? `<ul class="holidays">${monthHolidays}</ul>` : ''}`;
}

function css(document: CalendarDocument): string {
  const landscape = document.orientation === 'landscape';
  return `
@page { size: ${document.paper} ${document.orientation}; margin: ${document.bleedMarks ? '14mm' : '10mm'}; }
* { box-sizing: border-box; }
body { margin: 0; font-family: ${FONT_STACK}; color: #1f2933; }
/* Noto Sans Bengali's below-base marks (the vowel sign ৃ) sit in the same place without the font's
   blwm offset; with it, Chromium's PDF leaves a gap after "কৃ" that pdftotext reads as a space
   (কৃ ষ্ণ), so the printed text would no longer be the approved text. See docs/stories.md. */
:lang(bn) { font-feature-settings: "blwm" 0; }
.page { page-break-after: always; break-after: page; position: relative; min-height: 95vh; padding: 6mm; }
.page:last-child { page-break-after: auto; break-after: auto; }
.cover { display: flex; flex-direction: column; justify-content: center; align-items: center; text-align: center; }
.cover h1 { font-size: 40pt; margin: 0 0 8mm; }
.cover .year { font-size: 64pt; font-weight: 700; color: #b45309; }
.month { display: ${landscape ? 'grid' : 'block'}; grid-template-columns: 1fr 1fr; gap: 10mm; }
.month h2 { font-size: 26pt; margin: 0 0 4mm; color: #b45309; }
.story h3 { font-size: 15pt; margin: 4mm 0 2mm; }
.story p { font-size: 11.5pt; line-height: 1.55; margin: 0 0 2mm; }
.pseudonym { font-style: italic; margin-top: 2mm; }
.image { margin: 0 0 4mm; text-align: center; }
.image img { max-width: 100%; max-height: 70mm; object-fit: contain; }
table.grid { width: 100%; border-collapse: collapse; margin-top: 6mm; font-size: 13pt; }
table.grid th, table.grid td { border: 0.3mm solid #cbd2d9; text-align: center; padding: 2mm; }
table.grid td.rest { color: #b91c1c; font-weight: 700; }
ul.holidays { font-size: 10pt; padding-left: 5mm; }
.crop { position: absolute; width: 8mm; height: 8mm; border-color: #000; border-style: solid; }
.crop.tl { top: -8mm; left: -8mm; border-width: 0 0.2mm 0.2mm 0; }
.crop.tr { top: -8mm; right: -8mm; border-width: 0 0 0.2mm 0.2mm; }
.crop.bl { bottom: -8mm; left: -8mm; border-width: 0.2mm 0.2mm 0 0; }
.crop.br { bottom: -8mm; right: -8mm; border-width: 0.2mm 0 0 0.2mm; }
`;
}

function cropMarks(document: CalendarDocument): string {
  return document.bleedMarks
    ? '<span class="crop tl"></span><span class="crop tr"></span><span class="crop bl"></span><span class="crop br"></span>'
    : '';
}

export function calendarHtml(document: CalendarDocument): string {
  const pages: string[] = [];
  pages.push(
    `<section class="page cover">${cropMarks(document)}<h1>${escapeHtml(document.title)}</h1>${document.subtitle ? `<p>${escapeHtml(document.subtitle)}</p>` : ''}<div class="year">${document.year}</div></section>`,
  );
  for (const page of [...document.months].sort((left, right) => left.month - right.month)) {
    const primary = page.texts[0]?.language ?? 'en';
    const heading = page.texts
      .map((text) => monthName(text.language, page.month))
      .filter((name, index, names) => names.indexOf(name) === index)
      .join(' · ');
    const stories = page.texts
      .map(
        (text) =>
          `<article class="story" lang="${text.language}"><h3>${escapeHtml(text.title)}</h3>${paragraphs(text.body)}</article>`,
      )
      .join('');
    pages.push(
      `<section class="page month" lang="${primary}">${cropMarks(document)}<div><h2>${escapeHtml(heading)} ${localNumeral(primary, document.year)}</h2>${page.image ? `<figure class="image"><img src="${page.image}" alt=""></figure>` : ''}${stories}<p class="pseudonym">*${escapeHtml(page.publicPseudonym)}</p></div><div>${grid(document.year, page.month, primary, document.holidays)}</div></section>`,
    );
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.title)} ${document.year}</title><style>${css(document)}</style></head><body>${pages.join('')}</body></html>`;
}
