import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/**
 * The JavaScript files a browser fetches to show one page of the built web app: the entry, the
 * page's own chunk, and every chunk they import statically (lazily imported pages are not).
 */
export function scriptsForPage(distDir: string, pageModule: string): string[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Manifest;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
  if (!entry) throw new Error('the manifest has no entry');
  if (!manifest[pageModule]) throw new Error(`the manifest has no ${pageModule}`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entry);
  visit(pageModule);
  return [...seen]
    .map((key) => manifest[key]?.file ?? '')
    .filter((file) => file.endsWith('.js'))
    .sort();
}

/** Their size as a browser receives them gzipped, in bytes. */
export function gzippedSize(distDir: string, files: string[]): number {
  return files.reduce(
    (total, file) =>
      total + gzipSync(fs.readFileSync(path.join(distDir, file)), { level: 9 }).length,
    0,
  );
}
