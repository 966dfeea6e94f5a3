import type { TFunction } from 'i18next';
import explanationsEn from '../../i18n/features/deadline-explanations/en.json';

/**
 * The rule engine (packages/core) explains each deadline in English sentences built from parts:
 * the condition that made the rule apply, how the period was counted, and notes. This turns them
 * into the reader's language: each part is matched against the English templates of
 * `i18n/features/deadline-explanations/en.json` (the engine's own wording, with `{{placeholders}}`
 * for what varies) and said again with the same key in Bengali or Hindi. A part no template
 * matches stays as the engine wrote it, so a new sentence in the engine shows (and the browser's
 * untranslated-string walk fails) rather than vanishing.
 */

type Shown = 'keep' | 'translate' | 'date' | 'forum' | 'forums' | 'sets';

const OFFENCE_CODE = '[A-Z]+:[0-9A-Za-z()]+';

/** What each placeholder may match, and how its value is shown; others match text, translated. */
const PLACEHOLDERS: Record<string, { pattern: string; shown: Shown }> = {
  code: { pattern: OFFENCE_CODE, shown: 'keep' },
  form: { pattern: OFFENCE_CODE, shown: 'keep' },
  codes: { pattern: `${OFFENCE_CODE}(?:, ${OFFENCE_CODE})*`, shown: 'keep' },
  subject: { pattern: '[A-Z]+[0-9]+', shown: 'keep' },
  amount: { pattern: '[0-9]+', shown: 'keep' },
  last: { pattern: '[0-9]+', shown: 'keep' },
  days: { pattern: '[0-9]+', shown: 'keep' },
  under: { pattern: '[0-9]+', shown: 'keep' },
  minimum: { pattern: '[0-9.]+', shown: 'keep' },
  maximum: { pattern: '[0-9.]+', shown: 'keep' },
  date: { pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9:]+(?:[+-][0-9:]+|Z)?)?', shown: 'date' },
  received: { pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9:]+(?:[+-][0-9:]+|Z)?)?', shown: 'date' },
  forum: { pattern: '[a-z-]+', shown: 'forum' },
  forums: { pattern: '[a-z-]+(?: or [a-z-]+)*', shown: 'forums' },
  sets: { pattern: '.+?', shown: 'sets' },
  // One "code: reason" of a list joined by "; ": it stops before the next code.
  reason: { pattern: `(?:(?!; ${OFFENCE_CODE}: ).)+?`, shown: 'translate' },
};

interface Phrase {
  readonly key: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(key: string, template: string): Phrase {
  const names: string[] = [];
  const source = template
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
      if (!name) return escapeRegExp(part);
      names.push(name);
      return `(${PLACEHOLDERS[name]?.pattern ?? '.+?'})`;
    })
    .join('');
  return { key, pattern: new RegExp(`^${source}$`), names };
}

const PHRASES: readonly Phrase[] = Object.entries(explanationsEn.deadlineExplanations.phrases).map(
  ([key, template]) => compile(key, template),
);

/** The deepest a placeholder's value is itself translated (a reason inside a list inside a part). */
const MAX_DEPTH = 4;

export interface ExplanationContext {
  t: TFunction;
  /** A date or date-time of the engine (`2026-01-06T17:00:00+05:30`) as the reader reads dates. */
  formatDate: (value: string) => string;
}

/** A translation, and whether all of it was understood (no English part left as it came). */
interface Said {
  readonly text: string;
  readonly complete: boolean;
}

function show(context: ExplanationContext, name: string, value: string, depth: number): Said {
  const { t } = context;
  const or = ` ${t('deadlineExplanations.or')} `;
  switch (PLACEHOLDERS[name]?.shown ?? 'translate') {
    case 'keep':
      return { text: value, complete: true };
    case 'date':
      return { text: context.formatDate(value), complete: true };
    case 'forum':
      return { text: t(`legalCases.forum.${value}`, { defaultValue: value }), complete: true };
    case 'forums':
      return {
        text: value
          .split(' or ')
          .map((forum) => t(`legalCases.forum.${forum}`, { defaultValue: forum }))
          .join(or),
        complete: true,
      };
    case 'sets':
      return { text: value.replaceAll(' or ', or), complete: true };
    case 'translate':
      return translateText(context, value, depth + 1);
  }
}

function translatePhrase(context: ExplanationContext, text: string, depth: number) {
  for (const phrase of PHRASES) {
    const match = phrase.pattern.exec(text);
    if (!match) continue;
    const values: Record<string, string> = {};
    let complete = true;
    phrase.names.forEach((name, index) => {
      const said = show(context, name, match[index + 1] ?? '', depth);
      values[name] = said.text;
      complete &&= said.complete;
    });
    return { text: context.t(`deadlineExplanations.phrases.${phrase.key}`, values), complete };
  }
  return undefined;
}

function balanced(text: string): boolean {
  let open = 0;
  for (const character of text) {
    if (character === '(') open += 1;
    else if (character === ')') open -= 1;
  }
  return open === 0;
}

function translateText(context: ExplanationContext, text: string, depth: number): Said {
  const asItCame = { text, complete: !/[A-Za-z]{3,}/.test(text) };
  if (depth > MAX_DEPTH) return asItCame;
  const whole = translatePhrase(context, text, depth);
  if (whole?.complete) return whole;
  // Parts are joined by "; ", and some parts hold "; " themselves: take the shortest run of
  // pieces, brackets balanced, that is a known part understood whole.
  const pieces = text.split('; ');
  if (pieces.length === 1) return whole ?? asItCame;
  const said: string[] = [];
  let complete = true;
  let start = 0;
  while (start < pieces.length) {
    let chosen: { said: Said; end: number } | undefined;
    for (let end = start + 1; end <= pieces.length; end += 1) {
      if (start === 0 && end === pieces.length) break;
      const candidate = pieces.slice(start, end).join('; ');
      // A bracket opened in a part closes in it: "(Kerala HC: 60; …)" is not cut at its "; ".
      if (!balanced(candidate)) continue;
      const part = translatePhrase(context, candidate, depth);
      if (!part) continue;
      if (part.complete) {
        chosen = { said: part, end };
        break;
      }
      chosen ??= { said: part, end };
    }
    if (chosen) {
      said.push(chosen.said.text);
      complete &&= chosen.said.complete;
      start = chosen.end;
    } else {
      const piece = pieces[start] ?? '';
      said.push(piece);
      complete &&= !/[A-Za-z]{3,}/.test(piece);
      start += 1;
    }
  }
  if (whole && !complete) return whole;
  return { text: said.join('; '), complete };
}

/** One sentence of a deadline's explanation (condition, counting or a note) in `context`'s language. */
export function explanationText(context: ExplanationContext, text: string): string {
  return translateText(context, text, 0).text;
}
