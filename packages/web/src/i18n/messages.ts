/**
 * The web app's messages: one base file per language (`locales/<language>.json`) and one folder per
 * feature (`features/<feature>/<language>.json`), deep-merged. A feature brings its own strings in
 * its own files, so features added side by side never edit the same file.
 */
export type Messages = { [key: string]: string | Messages };

export const LANGUAGE_CODES = ['en', 'bn', 'hi'] as const;
export type LanguageCode = (typeof LANGUAGE_CODES)[number];

export function mergeMessages(target: Messages, source: Messages, where = ''): Messages {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (typeof value === 'string') {
      if (existing !== undefined) throw new Error(`Message ${where}${key} is defined twice`);
      target[key] = value;
    } else {
      if (typeof existing === 'string') throw new Error(`Message ${where}${key} is defined twice`);
      target[key] = mergeMessages(existing ?? {}, value, `${where}${key}.`);
    }
  }
  return target;
}

/** Files keyed by path, as `import.meta.glob` (or the unit test's file reader) gives them. */
export function messagesFor(language: LanguageCode, files: Record<string, Messages>): Messages {
  const merged: Messages = {};
  const paths = Object.keys(files)
    .filter((filePath) => filePath.endsWith(`/${language}.json`))
    .sort();
  for (const filePath of paths) mergeMessages(merged, files[filePath] ?? {});
  return merged;
}
