/**
 * A dotted field path as people read it: `events.2.at` → `events[2].at`. Error messages use this
 * form (the CLI prints them); `details.issues[].path` keeps Dawn's dotted form for programs.
 */
export function fieldLabel(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}
