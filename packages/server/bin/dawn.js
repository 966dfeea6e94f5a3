#!/usr/bin/env node
// The `dawn` command. Runs the compiled server (packages/server/dist, made by `npm run build` and
// by `npm start`) when it is there and up to date with its sources; otherwise the TypeScript
// sources through tsx, so `npx dawn …` works straight after `npm install` with no compile step,
// and an edited source file is never shadowed by an old build. DAWN_FROM_SOURCE=1 forces tsx.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentCompiledEntry } from './compiled.js';

const compiled =
  process.env.DAWN_FROM_SOURCE === '1'
    ? undefined
    : currentCompiledEntry(fileURLToPath(new URL('../dist/', import.meta.url)));
let main;
if (compiled) {
  ({ main } = await import(pathToFileURL(compiled).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
