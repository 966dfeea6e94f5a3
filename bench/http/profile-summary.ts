/**
 * Reads a CPU profile written by `DAWN_BENCH_PROFILE` (http.bench.ts) and prints where the time
 * went: idle, garbage collection, and each component's own (self) time — a package of
 * node_modules, a folder of Dawn's sources, Node's internals — then the functions with the most
 * self time. By hand what 0x's flame graph shows, as text.
 *
 *   npx tsx bench/http/profile-summary.ts /tmp/profiles/one-care-case-header.cpuprofile [requests]
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function component(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node internals';
  const source = url.match(/packages\/(\w+)\/src\/(.*)\/[^/]+$/);
  if (source) return `dawn ${source[1]}/${source[2]}`;
  return url.replace(/^file:\/\//, '');
}

const [file, requestsText] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [requests]');
const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfByNode = new Map<number, number>();
profile.samples.forEach((id, index) => {
  selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...selfByNode.values()].reduce((sum, value) => sum + value, 0);
const byComponent = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, micros] of selfByNode) {
  const frame = nodes.get(id)?.callFrame;
  if (!frame) continue;
  const name = component(frame.url, frame.functionName);
  byComponent.set(name, (byComponent.get(name) ?? 0) + micros);
  const where = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*packages\//, '')}:${frame.lineNumber + 1}`;
  byFunction.set(where, (byFunction.get(where) ?? 0) + micros);
}
const requests = Number(requestsText ?? 0);
const busy = total - (byComponent.get('(idle)') ?? 0);
console.log(
  `${(total / 1e6).toFixed(2)} s profiled, ${(busy / 1e6).toFixed(2)} s busy${
    requests ? `, ${(busy / requests / 1000).toFixed(3)} ms busy a request over ${requests}` : ''
  }`,
);
const print = (title: string, entries: Map<string, number>, count: number) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(
      `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(6)} ms${
        requests ? `  ${(micros / requests).toFixed(0).padStart(5)} µs/req` : ''
      }  ${name}`,
    );
  }
};
print('self time by component', byComponent, 30);
print('self time by function', byFunction, 40);
