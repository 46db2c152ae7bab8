import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type BenchClient, connectAll } from './bench-client.js';
import type { Target } from './deployment.js';
import { cpuPressureWindow } from './machine-load.js';
import { inPool, sleep } from './pool.js';
import { databaseCpuBetween } from './case-storage.js';
import type { ProcessSample, ServerProcess } from './server-process.js';
import { Traffic, type TrafficCounts } from './traffic.js';

export interface LoadPlan {
  clients: number;
  /** Messages per second, all clients together. */
  rate: number;
  seconds: number;
  warmupSeconds: number;
  /** Pairs in a call; signals flow between their two devices. */
  calls: number;
  /** Signals per second, all calls together. */
  signalRate: number;
  connectBatch: number;
}

/** The figures of one measured run against one target. Latencies in ms, memory in KiB. */
export interface RunFigures {
  ackP50: number;
  ackP99: number;
  deliveryP50: number;
  deliveryP99: number;
  signalP50: number;
  signalP99: number;
  signalAckP99: number;
  rssPerConnectionKiB: number;
  heapPerConnectionKiB: number;
  /** Server CPU during the measured window, % of one core (all nodes together). */
  serverCpuPercent: number;
  /**
   * Server CPU time from the first warm-up send until everything was answered, per message answered
   * (signals' share included): what a message costs, whether or not the server kept up.
   */
  serverCpuPerMessageUs: number;
  /** PostgreSQL's CPU for this database during the measured window, % of one core (NaN: none). */
  databaseCpuPercent: number;
  /** The load generator's own CPU, % of one core. */
  harnessCpuPercent: number;
  harnessLagP99: number;
  /** How late the harness's own event loop ran a 5 ms timer in the measured window, p99 (ms). */
  harnessLoopDelayP99: number;
  /** The same inside the server processes (the worst node), p99 and max (ms). */
  serverLoopDelayP99: number;
  serverLoopDelayMax: number;
  /** Garbage-collection pauses of the servers' main threads in the measured window: total and longest (ms). */
  serverGcPauseMs: number;
  serverGcMaxMs: number;
  connectSeconds: number;
  messages: TrafficCounts;
  signals: TrafficCounts;
  refusals: Record<string, number>;
  /** Connections lost while measuring (none expected). */
  disconnects: number;
  /** Share of the measured window in which some task on the machine waited for a CPU (Linux PSI). */
  cpuPressurePercent: number;
}

export type Log = (line: string) => void;

async function sampleAll(processes: readonly ServerProcess[], gc: boolean): Promise<ProcessSample[]> {
  return Promise.all(processes.map((p) => p.sample(gc)));
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * One measured run: start the target fresh, sample its idle memory, connect every client (in batches),
 * sample again, set up the calls, send warm-up then measured traffic at the fixed rates, let answers
 * drain, stop everything.
 */
export async function measureRun(target: Target, plan: LoadPlan, log: Log): Promise<RunFigures> {
  const deployment = await target.start();
  let clients: BenchClient[] = [];
  try {
    await sleep(1000);
    const before = await sampleAll(deployment.processes, true);
    const specs = deployment.pairs.flatMap((pair) => [
      { spec: pair.customer, conversationId: pair.conversationId },
      { spec: pair.agent, conversationId: pair.conversationId },
    ]);
    const connectStart = performance.now();
    const connected = await connectAll(specs, { batch: plan.connectBatch, timeoutMs: 60_000 });
    clients = connected.clients;
    if (connected.failures.length > 0) {
      throw new Error(`${connected.failures.length} of ${specs.length} clients could not connect, first: ${connected.failures[0]}`);
    }
    const connectSeconds = (performance.now() - connectStart) / 1000;
    for (let i = 0; i + 1 < clients.length; i += 2) {
      clients[i]!.peer = clients[i + 1];
      clients[i + 1]!.peer = clients[i];
    }
    // Let connection setup (presence, queue, rooms) finish before calling the connections idle.
    await sleep(3000);
    const after = await sampleAll(deployment.processes, true);
    const rssPerConnectionKiB = (sum(after.map((s) => s.rss)) - sum(before.map((s) => s.rss))) / clients.length / 1024;
    const heapPerConnectionKiB = (sum(after.map((s) => s.heapUsed)) - sum(before.map((s) => s.heapUsed))) / clients.length / 1024;

    const callers = clients.filter((_, i) => i % 2 === 0).slice(0, plan.calls);
    await inPool(callers, 4, async (caller) => {
      const callId = await deployment.joinCall(caller, caller.peer!);
      caller.callId = callId;
      caller.peer!.callId = callId;
    });

    const traffic = new Traffic(clients, callers, randomBytes(4).toString('hex'));
    const rates = { messages: plan.rate, signals: plan.signalRate };
    const cpuBeforeTraffic = await sampleAll(deployment.processes, false);
    await traffic.drive(plan.warmupSeconds, rates, false);
    const disconnectsBefore = sum(clients.map((c) => c.disconnects));
    const cpuStart = await sampleAll(deployment.processes, false);
    const databaseStart = await deployment.databaseCpu?.();
    const harnessStart = process.cpuUsage();
    const harnessLoop = monitorEventLoopDelay({ resolution: 5 });
    harnessLoop.enable();
    const wallStart = performance.now();
    const pressure = cpuPressureWindow();
    await traffic.drive(plan.seconds, rates, true);
    const cpuPressurePercent = pressure.stop();
    const cpuEnd = await sampleAll(deployment.processes, false);
    const databaseEnd = await deployment.databaseCpu?.();
    const harness = process.cpuUsage(harnessStart);
    harnessLoop.disable();
    const wallMs = performance.now() - wallStart;
    await traffic.drain(10_000);
    const cpuAfterTraffic = await sampleAll(deployment.processes, false);
    await inPool(callers, 4, (caller) => deployment.leaveCall(caller, caller.peer!));
    const disconnects = sum(clients.map((c) => c.disconnects)) - disconnectsBefore;

    const cpuMicros = (from: ProcessSample[], to: ProcessSample[]) =>
      sum(to.map((end, i) => end.cpu.user + end.cpu.system - from[i]!.cpu.user - from[i]!.cpu.system));
    const serverCpuMicros = cpuMicros(cpuStart, cpuEnd);
    return {
      ackP50: traffic.ack.percentile(50),
      ackP99: traffic.ack.percentile(99),
      deliveryP50: traffic.delivery.percentile(50),
      deliveryP99: traffic.delivery.percentile(99),
      signalP50: traffic.signalRelay.percentile(50),
      signalP99: traffic.signalRelay.percentile(99),
      signalAckP99: traffic.signalAck.percentile(99),
      rssPerConnectionKiB,
      heapPerConnectionKiB,
      serverCpuPercent: serverCpuMicros / 1000 / wallMs * 100,
      serverCpuPerMessageUs: cpuMicros(cpuBeforeTraffic, cpuAfterTraffic) / Math.max(1, traffic.answeredMessages),
      databaseCpuPercent: databaseStart && databaseEnd ? databaseCpuBetween(databaseStart, databaseEnd) / 1000 / wallMs * 100 : Number.NaN,
      harnessCpuPercent: (harness.user + harness.system) / 1000 / wallMs * 100,
      harnessLagP99: traffic.lag.percentile(99),
      harnessLoopDelayP99: harnessLoop.percentile(99) / 1e6 - 5,
      // cpuEnd's figures cover the measured window: the probe resets them at every sample, cpuStart's included.
      serverLoopDelayP99: Math.max(...cpuEnd.map((s) => s.stalls.loopDelayP99Ms)),
      serverLoopDelayMax: Math.max(...cpuEnd.map((s) => s.stalls.loopDelayMaxMs)),
      serverGcPauseMs: sum(cpuEnd.map((s) => s.stalls.gc.totalMs)),
      serverGcMaxMs: Math.max(...cpuEnd.map((s) => s.stalls.gc.maxMs)),
      connectSeconds,
      messages: { ...traffic.messages },
      signals: { ...traffic.signals },
      refusals: Object.fromEntries(traffic.refusals),
      disconnects,
      cpuPressurePercent,
    };
  } finally {
    for (const client of clients) client.close();
    await deployment.stop().catch((error: unknown) => log(`stopping ${target.label} failed: ${String(error)}`));
    // The servers log at warn level: anything they said is worth seeing next to the figures.
    for (const p of deployment.processes) {
      const lines = p.output.join('').split('\n').filter(Boolean);
      if (lines.length > 0) log(`  ${p.name} said (${lines.length} lines, last 5):\n    ${lines.slice(-5).map((l) => l.slice(0, 300)).join('\n    ')}`);
    }
  }
}
