// Where a server's idle connections keep their memory. Reads two V8 heap snapshots of one process (as
// `npm run bench:load -- --hold N --heap-snapshots DIR` writes, before and after connecting N clients):
// objects whose id is new in the second are what the connections added (ids are stable within a
// process). Tallies them per connection by kind and constructor, and by what holds them (the first
// strong retainer: its kind and the edge's name), which points at the code that keeps them.
//   npx tsx bench/heap-snapshot-diff.ts BEFORE.heapsnapshot AFTER.heapsnapshot --per N [--top 30]
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '30' }, per: { type: 'string', default: '1' } },
  allowPositionals: true,
});
if (positionals.length !== 2) {
  console.error('usage: npx tsx bench/heap-snapshot-diff.ts BEFORE.heapsnapshot AFTER.heapsnapshot [--per CONNECTIONS] [--top N]');
  process.exit(2);
}
const per = Number(values.per);
const top = Number(values.top);

const read = async (file: string) => JSON.parse(await fs.readFile(file, 'utf8')) as Snapshot;

const beforeIds = new Set<number>();
{
  const before = await read(positionals[0]!);
  const width = before.snapshot.meta.node_fields.length;
  const idAt = before.snapshot.meta.node_fields.indexOf('id');
  for (let i = 0; i < before.nodes.length; i += width) beforeIds.add(before.nodes[i + idAt]!);
}

const after = await read(positionals[1]!);
const meta = after.snapshot.meta;
const width = meta.node_fields.length;
const [typeAt, nameAt, idAt, sizeAt, edgeCountAt] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as number[];
const edgeWidth = meta.edge_fields.length;
const [edgeTypeAt, edgeNameAt, edgeToAt] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as number[];
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const NAMELESS = new Set(['string', 'concatenated string', 'sliced string', 'number', 'heap number']);

const kindOf = (index: number) => {
  const type = nodeTypes[after.nodes[index + typeAt!]!]!;
  const name = NAMELESS.has(type) ? '' : after.strings[after.nodes[index + nameAt!]!]!;
  return `${type} ${name.slice(0, 60)}`.trim();
};

// The first strong retainer of every new node: walk every edge once.
const retainer = new Map<number, string>();
for (let node = 0, edge = 0; node < after.nodes.length; node += width) {
  const count = after.nodes[node + edgeCountAt!]!;
  for (let e = 0; e < count; e++, edge += edgeWidth) {
    const to = after.edges[edge + edgeToAt!]!;
    if (retainer.has(to) || beforeIds.has(after.nodes[to + idAt!]!)) continue;
    const type = edgeTypes[after.edges[edge + edgeTypeAt!]!]!;
    if (type === 'weak') continue;
    const nameOrIndex = after.edges[edge + edgeNameAt!]!;
    const name = type === 'element' || type === 'hidden' ? '[]' : after.strings[nameOrIndex]!;
    retainer.set(to, `${kindOf(node)} .${String(name).slice(0, 40)}`);
  }
}

const byKind = new Map<string, { count: number; size: number }>();
const byHolder = new Map<string, { count: number; size: number }>();
let total = 0;
const add = (map: Map<string, { count: number; size: number }>, key: string, size: number) => {
  const entry = map.get(key) ?? { count: 0, size: 0 };
  entry.count++;
  entry.size += size;
  map.set(key, entry);
};
for (let node = 0; node < after.nodes.length; node += width) {
  if (beforeIds.has(after.nodes[node + idAt!]!)) continue;
  const size = after.nodes[node + sizeAt!]!;
  const kind = kindOf(node);
  total += size;
  add(byKind, kind, size);
  add(byHolder, `${kind}  ←  ${retainer.get(node) ?? '(no strong retainer)'}`, size);
}

const print = (title: string, map: Map<string, { count: number; size: number }>) => {
  console.log(`\n${title}\n   bytes/conn  objects/conn`);
  for (const [key, { count, size }] of [...map].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
    console.log(`  ${(size / per).toFixed(0).padStart(10)}  ${(count / per).toFixed(1).padStart(12)}  ${key}`);
  }
};
console.log(`new objects' self size per connection: ${(total / per / 1024).toFixed(1)} KiB (over ${per} connections)`);
print('by kind and constructor:', byKind);
print('by kind ← first strong retainer (its kind .edge):', byHolder);
