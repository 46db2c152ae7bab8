// Load benchmark (issue 5): N authenticated clients in customer/agent pairs send chat messages at a fixed
// total rate while some pairs exchange SDP-sized signals in calls; the same harness, N and rates measure a
// bare socket.io relay in the same run as the baseline. See README.md for the options.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BareTarget } from './lib/bare-target.js';
import { buildMeasuredCode, type MeasuredCode } from './lib/build.js';
import { assertLoopback, type CaseStorage, postgresStorage, sqliteStorage } from './lib/case-storage.js';
import type { Target } from './lib/deployment.js';
import { type HoldFigures, measureHold } from './lib/hold-run.js';
import { type LoadPlan, measureRun, type RunFigures } from './lib/load-run.js';
import { waitForQuiet } from './lib/machine-load.js';
import { caseTable, holdTable } from './lib/report.js';
import { seedCustomers, seedPairs } from './lib/ycyw-fixture.js';
import { callAcrossNodesProblem, YcywTarget } from './lib/ycyw-target.js';

const usage = `usage: npm run bench:load -- [options]
  --clients N        clients, in customer/agent pairs (default 1000, at most 10000)
  --rate R           chat messages per second, all clients together (default 500)
  --seconds S        measured seconds per run (default 20), after --warmup seconds (default 3)
  --calls C          pairs in a call, exchanging signals (default 50, at most clients/2)
  --signal-rate R    signals (~4 KB SDP offers) per second, all calls together (default 50)
  --runs K           runs per case and target; tables show medians (default 3)
  --cases LIST       sqlite,postgres,redis (default all three)
  --batch B          clients connecting at once (default 100)
  --hold N           instead: hold N idle connections on one node (and on the bare relay), --hold-seconds (default 10)
  --heap-snapshots DIR  with --hold: heap snapshots of each server before and after connecting (see heap-snapshot-diff.ts)
  --cpu-prof DIR     write a V8 CPU profile of every node, ours and the bare relay's, to DIR (see cpu-profile-top.ts)
  --node-flags="F…"  extra node / V8 flags for every server process, ours and the bare relay's (e.g. GC settings)
  --json FILE        also write every run's figures as JSON
  --quiet PCT        before each run, wait (15 min at most) until the machine's CPU pressure (PSI avg10) ≤ PCT %
  --pg-url URL       PostgreSQL admin database (default postgres://postgres@127.0.0.1:5432/postgres)
  --redis-url URL    Redis (default redis://127.0.0.1:6379)`;

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    calls: { type: 'string', default: '50' },
    'signal-rate': { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    cases: { type: 'string', default: 'sqlite,postgres,redis' },
    batch: { type: 'string', default: '100' },
    hold: { type: 'string' },
    'hold-seconds': { type: 'string', default: '10' },
    'cpu-prof': { type: 'string' },
    'node-flags': { type: 'string' },
    'heap-snapshots': { type: 'string' },
    json: { type: 'string' },
    quiet: { type: 'string' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

function int(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be an integer from ${min} to ${max}\n${usage}`);
    process.exit(2);
  }
  return value;
}

const MAX_CLIENTS = 10_000;
const log = (line: string) => process.stderr.write(`${line}\n`);
const pgUrl = values['pg-url'];
const redisUrl = values['redis-url'];
assertLoopback(pgUrl);
assertLoopback(redisUrl);
const runs = int('runs', values.runs, 1, 20);
const batch = int('batch', values.batch, 1, 1000);
const quiet = values.quiet === undefined ? null : int('quiet', values.quiet, 0, 100);
/** Paths on the command line are the caller's: npm runs the workspace script in bench/ but says where it was called. */
const userPath = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
const nodeArgs = [
  ...(values['node-flags']?.split(/\s+/).filter(Boolean) ?? []),
  ...(values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', userPath(values['cpu-prof'])] : []),
];

const cases = {
  sqlite: { title: 'One node on SQLite', nodes: 1, storage: () => sqliteStorage() },
  postgres: { title: 'One node on PostgreSQL', nodes: 1, storage: () => postgresStorage(pgUrl, null) },
  redis: { title: 'Two nodes on PostgreSQL + Redis (pairs span the nodes)', nodes: 2, storage: () => postgresStorage(pgUrl, redisUrl) },
} as const;
type CaseName = keyof typeof cases;

function machine(): string {
  const cpus = os.cpus();
  return `${os.availableParallelism()} CPUs (${cpus[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.type()} ${os.release()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

/** Runs both targets `runs` times, alternating which goes first so drift in the machine's load hits both. */
async function alternate<T>(targets: readonly [Target, Target], measure: (target: Target) => Promise<T>, describe: (r: T) => string) {
  const results: [T[], T[]] = [[], []];
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      const target = targets[which]!;
      if (quiet !== null) await waitForQuiet(quiet, 15 * 60_000, log);
      log(`run ${run + 1}/${runs}: ${target.label}…`);
      const result = await measure(target);
      results[which]!.push(result);
      log(`  ${describe(result)}`);
    }
  }
  return results;
}

async function withStorage<T>(make: () => Promise<CaseStorage>, use: (storage: CaseStorage) => Promise<T>): Promise<T> {
  const storage = await make();
  try {
    return await use(storage);
  } finally {
    await storage.dispose().catch((error: unknown) => log(`cleaning up storage failed: ${String(error)}`));
  }
}

async function loadMode(code: MeasuredCode): Promise<Record<string, { ours: RunFigures[]; bare: RunFigures[] }>> {
  const clients = int('clients', values.clients, 2, MAX_CLIENTS);
  if (clients % 2 !== 0) {
    console.error('--clients must be even: clients come in customer/agent pairs');
    process.exit(2);
  }
  const pairs = clients / 2;
  const plan: LoadPlan = {
    clients,
    rate: int('rate', values.rate, 1, 20_000),
    seconds: int('seconds', values.seconds, 1, 600),
    warmupSeconds: int('warmup', values.warmup, 0, 60),
    calls: int('calls', values.calls, 0, pairs),
    signalRate: int('signal-rate', values['signal-rate'], 0, 5_000),
    connectBatch: batch,
  };
  // The product allows a user 50 events per second; the harness must stay well below it.
  const perUser = plan.rate / clients + (plan.calls > 0 ? plan.signalRate / (plan.calls * 2) : 0);
  if (perUser > 25) {
    console.error(`${perUser.toFixed(1)} events per second per client would hit the per-user rate limit (50/s): more clients, fewer per second`);
    process.exit(2);
  }
  const names = values.cases.split(',').map((c) => c.trim()) as CaseName[];
  for (const name of names) {
    if (!(name in cases)) {
      console.error(`unknown case ${name}\n${usage}`);
      process.exit(2);
    }
  }
  const header = `${clients} clients (${pairs} customer/agent pairs), ${plan.rate} messages/s, ${plan.seconds} s measured after ${plan.warmupSeconds} s warm-up, ${plan.calls} calls with ${plan.signalRate} signals/s of ${4} KiB`;
  console.log(`## Load benchmark — ${new Date().toISOString()}\n\n${machine()}\n\n${header}\n`);

  const results: Record<string, { ours: RunFigures[]; bare: RunFigures[] }> = {};
  for (const name of names) {
    const spec = cases[name];
    log(`case ${name}: ${spec.title}`);
    await withStorage(spec.storage, async (storage) => {
      const fixture = await seedPairs(code, storage, pairs, log);
      let note = '';
      let callsOnOneNode = 0;
      if (spec.nodes > 1 && plan.calls > 0) {
        const problem = await callAcrossNodesProblem(code, storage, fixture[fixture.length - 1]!);
        if (problem) {
          // Measure the relay anyway, with each call's two devices on one node — for both targets.
          callsOnOneNode = plan.calls;
          note = `\n**Calls cannot span nodes**: a call started on one node and accepted on the other fails (\`${problem}\`), so the ${plan.calls} call pairs have both devices on one node here (in both targets); the other pairs span the nodes.\n`;
          log(`  calls cannot span nodes (${problem}): call pairs stay on one node`);
        }
      }
      const targets = [
        new YcywTarget(code, storage, fixture, spec.nodes, { nodeArgs: nodeArgs, callsOnOneNode }),
        new BareTarget(code, pairs, spec.nodes, storage.redis, callsOnOneNode, nodeArgs),
      ] as const;
      const [ours, bare] = await alternate(targets, (target) => measureRun(target, plan, log), (r) =>
        `ack p99 ${r.ackP99.toFixed(2)} ms, delivery p99 ${r.deliveryP99.toFixed(2)} ms, signal p99 ${r.signalP99.toFixed(2)} ms, ` +
        `RSS/conn ${r.rssPerConnectionKiB.toFixed(1)} KiB, heap/conn ${r.heapPerConnectionKiB.toFixed(1)} KiB, CPU ${r.serverCpuPercent.toFixed(0)} % (${r.serverCpuPerMessageUs.toFixed(0)} µs/message), ` +
        `messages ${r.messages.acked}/${r.messages.sent} acked ${r.messages.delivered} delivered, signals ${r.signals.delivered}/${r.signals.sent}, ` +
        `server loop delay p99 ${r.serverLoopDelayP99.toFixed(1)} / max ${r.serverLoopDelayMax.toFixed(1)} ms, GC ${r.serverGcPauseMs.toFixed(0)} ms (longest ${r.serverGcMaxMs.toFixed(1)}), ` +
        `harness loop delay p99 ${r.harnessLoopDelayP99.toFixed(1)} ms, machine CPU pressure ${r.cpuPressurePercent.toFixed(0)} %`,
      );
      results[name] = { ours, bare };
      console.log(`${caseTable(`${spec.title} — ${header}`, ours, bare)}\n${note}`);
    });
  }
  return results;
}

async function holdMode(code: MeasuredCode): Promise<{ ours: HoldFigures[]; bare: HoldFigures[] }> {
  const count = int('hold', values.hold!, 2, MAX_CLIENTS);
  const holdSeconds = int('hold-seconds', values['hold-seconds'], 1, 600);
  const pairs = Math.ceil(count / 2);
  console.log(`## Hold benchmark — ${new Date().toISOString()}\n\n${machine()}\n`);
  return withStorage(sqliteStorage, async (storage) => {
    const customers = await seedCustomers(code, storage, pairs * 2, log);
    // Hold mode needs sessions, not conversations: "pairs" of customers, only ever connected.
    const fixture = Array.from({ length: pairs }, (_, p) => ({ conversationId: '', customer: customers[2 * p]!, agent: customers[2 * p + 1]! }));
    const targets = [new YcywTarget(code, storage, fixture, 1, { nodeArgs: nodeArgs }), new BareTarget(code, pairs, 1, null)] as const;
    const snapshots = values['heap-snapshots'] ? userPath(values['heap-snapshots']) : undefined;
    if (snapshots) await fs.mkdir(snapshots, { recursive: true });
    let run = 0;
    const measure = (target: Target) =>
      measureHold(
        target,
        { holdSeconds, batch, snapshotPrefix: snapshots && path.join(snapshots, `${target === targets[0] ? 'ours' : 'bare'}-${Math.floor(run++ / 2) + 1}`) },
        log,
      );
    const [ours, bare] = await alternate(targets, measure, (h) =>
      `${h.connected}/${h.attempted} connected in ${h.connectSeconds.toFixed(1)} s, fewest while holding ${h.minConnectedWhileHolding}, ` +
      `${h.answered} answered, RSS ${h.rssTotalMiB.toFixed(0)} MiB (${h.rssPerConnectionKiB.toFixed(1)} KiB/conn), heap ${h.heapTotalMiB.toFixed(0)} MiB (${h.heapPerConnectionKiB.toFixed(1)} KiB/conn)`,
    );
    console.log(holdTable(`${pairs * 2} idle connections held ${holdSeconds} s on one node (SQLite)`, ours, bare));
    return { ours, bare };
  });
}

log('building the server and the bare relay to JavaScript (bench/dist)…');
const code = await buildMeasuredCode();
const results = values.hold ? await holdMode(code) : await loadMode(code);
if (values.json) await fs.writeFile(userPath(values.json), `${JSON.stringify({ at: new Date().toISOString(), argv: process.argv.slice(2), machine: machine(), results }, null, 2)}\n`);
// socket.io clients and timers of finished runs must not hold the process open.
process.exit(0);
