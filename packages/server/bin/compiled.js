// Whether the compiled server in packages/server/dist (made by `npm run build`, see
// scripts/build.mjs) can be run: it exists and none of the source files it was built from has been
// changed (or removed) since. Plain JavaScript, so the `dawn` command can decide before loading tsx.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The path of the compiled entry module in `distDir`, or undefined when there is none or it is older
 * than its sources.
 * @param {string} distDir
 * @returns {string | undefined}
 */
export function currentCompiledEntry(distDir) {
  const entry = path.join(distDir, 'main.js');
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'build-manifest.json'), 'utf8'));
    if (!fs.existsSync(entry)) return undefined;
  } catch {
    return undefined;
  }
  if (typeof manifest?.builtAt !== 'number' || !Array.isArray(manifest.inputs)) return undefined;
  for (const input of manifest.inputs) {
    const stat = fs.statSync(path.resolve(distDir, String(input)), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > manifest.builtAt) return undefined;
  }
  return entry;
}
