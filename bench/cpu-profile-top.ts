// Names the hot spots of a V8 CPU profile (`--cpu-prof`, as `npm run bench:load -- --cpu-prof DIR`
// writes for each product node): the functions with the most self time, then self time per package.
//   npx tsx bench/cpu-profile-top.ts DIR/CPU.*.cpuprofile [--top 25]
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';

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

const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' } }, allowPositionals: true });
if (positionals.length === 0) {
  console.error('usage: npx tsx bench/cpu-profile-top.ts PROFILE.cpuprofile… [--top N]');
  process.exit(2);
}

/** Where a function lives: `pkg` for node_modules, `server/src/…` for ours, `node:…` for Node's own. */
function home(url: string): string {
  if (url === '') return '(native / VM)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const ours = url.match(/\/(server|packages)\/.*$/);
  if (ours) return ours[0].slice(1).replace(/\/[^/]+$/, '/');
  return url.startsWith('node:') ? 'node (built-in)' : url;
}

const byFunction = new Map<string, number>();
const byHome = new Map<string, number>();
/** Time with one of our own functions on the stack (inclusive), per function. */
const oursInclusive = new Map<string, number>();
let total = 0;
const keyOf = (frame: ProfileNode['callFrame']) => {
  // tsx-compiled sources report no useful line, so ours are named by file only.
  const line = /\/server\/src\//.test(frame.url) ? '' : `:${frame.lineNumber + 1}`;
  const where = frame.url ? `${frame.url.replace(/^file:\/\/.*?\/(node_modules|server|packages)\//, '$1/')}${line}` : '';
  return `${frame.functionName || '(anonymous)'}  ${where}`;
};
for (const file of positionals) {
  const profile = JSON.parse(await fs.readFile(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const frame = nodes.get(id)!.callFrame;
    const key = keyOf(frame);
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = nodes.get(at)!.callFrame;
      if (!/\/server\/src\//.test(f.url)) continue;
      const k = keyOf(f);
      if (seen.has(k)) continue;
      seen.add(k);
      oursInclusive.set(k, (oursInclusive.get(k) ?? 0) + micros);
    }
    const bucket = ['(idle)', '(program)', '(garbage collector)'].includes(frame.functionName) ? frame.functionName : home(frame.url);
    byHome.set(bucket, (byHome.get(bucket) ?? 0) + micros);
    total += micros;
  });
}

const top = Number(values.top);
const busy = total - (byHome.get('(idle)') ?? 0);
const pct = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)} %`;
console.log(`${positionals.length} profile(s), ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle; shares are of the non-idle time\n`);
console.log('self time by function:');
for (const [key, micros] of [...byFunction].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(micros)}  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
}
console.log('\nself time by package / folder:');
for (const [key, micros] of [...byHome].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(micros)}  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
}
console.log('\ntotal time (self + callees, synchronous part only) of our own functions:');
for (const [key, micros] of [...oursInclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(micros)}  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
}
