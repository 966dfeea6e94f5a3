#!/usr/bin/env node
// Compiles Dawn's server (with @dawn/core) to JavaScript in packages/server/dist, for `npm start`
// and the `dawn` command. esbuild bundles our own TypeScript, and kysely and zod (see `bundled`);
// every other npm dependency stays an import from node_modules. Code splitting keeps each CLI command in its own chunk, so
// `dawn --version` loads the entry and little else. Writes dist/build-manifest.json: the time of the
// build and every source file it read, which bin/dawn.js compares with the files' modification
// times to decide whether the compiled output is up to date (see docs/architecture.md).
//
// Usage: node packages/server/scripts/build.mjs [outdir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(serverDir, '../..');
const outdir = path.resolve(process.argv[2] ?? path.join(serverDir, 'dist'));

const serverPackage = JSON.parse(fs.readFileSync(path.join(serverDir, 'package.json'), 'utf8'));
// Pure-JavaScript dependencies made of hundreds of small ES modules are bundled: Node resolves,
// reads and compiles each module file on its own, which was most of the cold start (kysely is 263
// files, zod 95). Every importer of kysely and of zod is bundled with them, so each stays one copy.
const bundled = new Set(['kysely', 'kysely-pglite-dialect', 'zod', 'fastify-type-provider-zod']);
const external = Object.keys(serverPackage.dependencies ?? {}).filter((name) => !bundled.has(name));

/** The package a bare import names ('@scope/name/sub' → '@scope/name'), or undefined. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || path.isAbsolute(specifier) || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

// What a bundled package imports from other packages (fastify-type-provider-zod's @fastify/error)
// stays an import from node_modules, as the server's own dependencies do.
const keepTheirDependenciesExternal = {
  name: 'keep-their-dependencies-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageOf(args.path);
      if (name === undefined || bundled.has(name) || !args.importer.includes('node_modules'))
        return undefined;
      return { path: args.path, external: true };
    });
  },
};

const startedAt = Date.now();
fs.rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: repoRoot,
  entryPoints: { main: path.join(serverDir, 'src/cli/main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The server's dependencies load from node_modules as they do under tsx; @dawn/core is ours and
  // is bundled from its TypeScript sources.
  external,
  plugins: [keepTheirDependenciesExternal],
  // Chunks sit flat in dist/, one level below packages/server as src/ modules are, so a path made
  // relative to a module's own URL (app.ts finds packages/web/dist so) holds in both.
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});

// Modification times are compared in milliseconds; take the time before the build read anything,
// so that a file saved during the build makes the output stale.
const inputs = Object.keys(result.metafile.inputs)
  .filter((input) => !input.includes('node_modules'))
  .map((input) => path.relative(outdir, path.resolve(repoRoot, input)));
fs.writeFileSync(
  path.join(outdir, 'build-manifest.json'),
  JSON.stringify({ builtAt: startedAt, inputs }, null, 1) + '\n',
);
const ms = Date.now() - startedAt;
process.stdout.write(
  `dawn: compiled the server to ${path.relative(process.cwd(), outdir) || '.'} (${inputs.length} files, ${ms} ms)\n`,
);
