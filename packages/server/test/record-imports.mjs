// Run by compiled-cli.test.ts in a child process: imports the modules of one `dawn` command from a
// compiled server and writes down every package they loaded, one line each, to the record file.
//   node record-imports.mjs <compiled main.js> <command> <record file>
// ES modules are seen by a resolve hook (it runs in Node's loader thread, so it appends to the
// file); CommonJS modules, which packages require from each other, by the require cache.
import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const [entry, command, record] = process.argv.slice(2);
if (!entry || !command || !record)
  throw new Error('usage: record-imports.mjs <main.js> <command> <record>');

const hook = `
import fs from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  if (!/^(\\.|\\/|node:|file:|data:)/.test(specifier)) fs.appendFileSync(file, specifier + '\\n');
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { file: record } });

const { buildProgram } = await import(pathToFileURL(entry).href);
await buildProgram([command]);
const required = Object.keys(createRequire(import.meta.url).cache).map((file) =>
  file.split('\\').join('/'),
);
fs.appendFileSync(record, required.join('\n') + '\n');
