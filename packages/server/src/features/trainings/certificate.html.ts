import type { CertificateLanguage } from '@dawn/core';

/** What a certificate of participation says, in the language asked for. */
export interface CertificateFacts {
  name: string;
  designation: string;
  programme: string;
  topic: string;
  venue: string;
  district: string;
  organiser: string;
  startsOn: string;
  endsOn: string;
  code: string;
  verifyUrl: string;
}

const WORDS: Record<
  CertificateLanguage,
  {
    title: string;
    certify: string;
    participated: string;
    held: (place: string, dates: string) => string;
    code: string;
    verify: string;
    font: string;
  }
> = {
  en: {
    title: 'Certificate of participation',
    certify: 'This is to certify that',
    participated: 'took part in the training programme',
    held: (place, dates) => `held at ${place}, ${dates}.`,
    code: 'Verification code',
    verify: 'Anyone may confirm this certificate at',
    font: '"Noto Serif", "Noto Sans", serif',
  },
  bn: {
    title: 'অংশগ্রহণের শংসাপত্র',
    certify: 'এই মর্মে প্রত্যয়িত করা হচ্ছে যে',
    participated: 'প্রশিক্ষণ কর্মসূচিতে অংশগ্রহণ করেছেন',
    held: (place, dates) => `স্থান: ${place}, ${dates}।`,
    code: 'যাচাই কোড',
    verify: 'যে কেউ এই শংসাপত্রটি যাচাই করতে পারেন এখানে',
    font: '"Noto Serif Bengali", "Noto Sans Bengali", serif',
  },
  hi: {
    title: 'सहभागिता प्रमाण-पत्र',
    certify: 'प्रमाणित किया जाता है कि',
    participated: 'ने प्रशिक्षण कार्यक्रम में भाग लिया',
    held: (place, dates) => `स्थान: ${place}, ${dates}।`,
    code: 'सत्यापन कोड',
    verify: 'कोई भी इस प्रमाण-पत्र की पुष्टि यहाँ कर सकता है',
    font: '"Noto Serif Devanagari", "Noto Sans Devanagari", serif',
  },
};

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function dateRange(language: CertificateLanguage, startsOn: string, endsOn: string): string {
  const format = new Intl.DateTimeFormat(`${language}-IN`, { dateStyle: 'long', timeZone: 'UTC' });
  const start = new Date(`${startsOn}T00:00:00Z`);
  const end = new Date(`${endsOn}T00:00:00Z`);
  return startsOn === endsOn ? format.format(start) : format.formatRange(start, end);
}

/** A one-page A4 landscape certificate: no scripts, no external resources. */
export function certificateHtml(language: CertificateLanguage, facts: CertificateFacts): string {
  const words = WORDS[language];
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escape(words.title)}</title>
<style>
@page { size: A4 landscape; margin: 0 }
body { margin: 0; font-family: ${words.font}; color: #1b1b3a }
.frame { box-sizing: border-box; width: 297mm; height: 210mm; padding: 18mm; border: 6mm solid #3b4a9c; display: flex; flex-direction: column; justify-content: center; text-align: center }
h1 { font-size: 30pt; margin: 0 0 10mm; letter-spacing: .02em }
.name { font-size: 24pt; font-weight: bold; margin: 4mm 0 1mm }
.who { font-size: 13pt; color: #444 }
.programme { font-size: 18pt; font-weight: bold; margin: 4mm 0 }
p { font-size: 14pt; margin: 2mm 0 }
.organiser { margin-top: 10mm; font-size: 13pt }
.code { margin-top: 12mm; font-size: 11pt; color: #333 }
.code strong { font-family: "Noto Sans Mono", monospace; font-size: 13pt; letter-spacing: .08em }
</style></head><body><div class="frame">
<h1>${escape(words.title)}</h1>
<p>${escape(words.certify)}</p>
<div class="name">${escape(facts.name)}</div>
<div class="who">${escape(facts.designation)}</div>
<p>${escape(words.participated)}</p>
<div class="programme">${escape(facts.programme)}</div>
<p>${escape(facts.topic)}</p>
<p>${escape(words.held(`${facts.venue}, ${facts.district}`, dateRange(language, facts.startsOn, facts.endsOn)))}</p>
<div class="organiser">${escape(facts.organiser)}</div>
<div class="code">${escape(words.code)}: <strong>${escape(facts.code)}</strong><br>${escape(words.verify)}: ${escape(facts.verifyUrl)}</div>
</div></body></html>`;
}
