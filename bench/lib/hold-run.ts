import { type BenchClient, connectAll } from './bench-client.js';
import type { Target } from './deployment.js';
import type { Log } from './load-run.js';
import { inPool, sleep } from './pool.js';
import type { ServerProcess } from './server-process.js';

export interface HoldFigures {
  attempted: number;
  connected: number;
  failed: number;
  firstFailure: string | null;
  connectSeconds: number;
  /** Fewest clients connected at any of the once-a-second checks while holding. */
  minConnectedWhileHolding: number;
  disconnects: number;
  /** Clients whose `presence:set` was acknowledged after the hold: the connection works end to end. */
  answered: number;
  rssTotalMiB: number;
  heapTotalMiB: number;
  rssPerConnectionKiB: number;
  heapPerConnectionKiB: number;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

async function memory(processes: readonly ServerProcess[]) {
  const samples = await Promise.all(processes.map((p) => p.sample(true)));
  return { rss: sum(samples.map((s) => s.rss)), heap: sum(samples.map((s) => s.heapUsed)) };
}

/**
 * Connects every client of the target (in batches), holds them `holdSeconds` checking each second that
 * they stay connected, samples the server's memory, then asks each one for an acknowledgement.
 */
export async function measureHold(
  target: Target,
  options: { holdSeconds: number; batch: number; snapshotPrefix?: string },
  log: Log,
): Promise<HoldFigures> {
  const { holdSeconds, batch } = options;
  const deployment = await target.start();
  const snapshot = async (when: string) => {
    if (!options.snapshotPrefix) return;
    const file = `${options.snapshotPrefix}-${when}.heapsnapshot`;
    await deployment.processes[0]!.writeHeapSnapshot(file);
    log(`  heap snapshot: ${file}`);
  };
  let clients: BenchClient[] = [];
  try {
    await sleep(1000);
    const before = await memory(deployment.processes);
    await snapshot('before');
    const specs = deployment.pairs.flatMap((pair) => [
      { spec: pair.customer, conversationId: pair.conversationId },
      { spec: pair.agent, conversationId: pair.conversationId },
    ]);
    const start = performance.now();
    const connected = await connectAll(specs, {
      batch,
      timeoutMs: 60_000,
      onProgress: (ok, failed) => {
        if ((ok + failed) % 2000 < batch) log(`  ${target.label}: ${ok} connected, ${failed} failed`);
      },
    });
    clients = connected.clients;
    const connectSeconds = (performance.now() - start) / 1000;
    let minConnected = clients.length;
    for (let second = 0; second < holdSeconds; second++) {
      await sleep(1000);
      minConnected = Math.min(minConnected, clients.filter((c) => c.connected).length);
    }
    const after = await memory(deployment.processes);
    await snapshot('after');
    const answers = await inPool(clients, 200, (client) =>
      client.request('presence:set', { status: 'online' }, 30_000).then(() => true, () => false),
    );
    const n = Math.max(1, clients.length);
    return {
      attempted: specs.length,
      connected: clients.length,
      failed: connected.failures.length,
      firstFailure: connected.failures[0] ?? null,
      connectSeconds,
      minConnectedWhileHolding: minConnected,
      disconnects: sum(clients.map((c) => c.disconnects)),
      answered: answers.filter(Boolean).length,
      rssTotalMiB: after.rss / 1024 / 1024,
      heapTotalMiB: after.heap / 1024 / 1024,
      rssPerConnectionKiB: (after.rss - before.rss) / n / 1024,
      heapPerConnectionKiB: (after.heap - before.heap) / n / 1024,
    };
  } finally {
    for (const client of clients) client.close();
    await deployment.stop().catch((error: unknown) => log(`stopping ${target.label} failed: ${String(error)}`));
  }
}
