import { BenchClient } from './bench-client.js';
import type { MeasuredCode } from './build.js';
import type { CaseStorage } from './case-storage.js';
import type { Deployment, PairSpec, Target } from './deployment.js';
import { sleep } from './pool.js';
import { ServerProcess } from './server-process.js';
import type { BenchPair } from './ycyw-fixture.js';

/**
 * `call:start`, retried while the conversation still has a live call: with several nodes calls live in
 * Redis, and those of the previous run's stopped nodes end only once their devices' leases expire.
 */
async function startCall(caller: BenchClient) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      return await caller.request('call:start', { conversationId: caller.conversationId, media: 'audio' });
    } catch (error) {
      if (!String(error).includes('conflict') || Date.now() > deadline) throw error;
      await sleep(2000);
    }
  }
}

/** The nodes of pair `p`'s customer and agent: different ones, except for the first `onOneNode` pairs. */
export function pairNodes(p: number, nodes: number, onOneNode: number): [number, number] {
  return [p % nodes, p < onOneNode ? p % nodes : (p + 1) % nodes];
}

/**
 * The environment of a product node in the benchmark: the case's storage, warn-level logs (info logs a
 * line per connection), the API only, and register/login limits out of the way of seeding.
 */
export function ycywNodeEnv(storage: CaseStorage): NodeJS.ProcessEnv {
  return { ...storage.env, LOG_LEVEL: 'warn', WEB_DIST: '', AUTH_ATTEMPTS_PER_ADDRESS: '1000000000', METRICS_TOKEN: '' };
}

/**
 * Our server: `nodes` processes on the case's storage. With several nodes the members of a pair are on
 * different nodes — except the first `callsOnOneNode` pairs (those that will be in calls), when calls
 * cannot span nodes.
 */
export class YcywTarget implements Target {
  readonly label = 'Your Car Your Way';

  constructor(
    readonly code: MeasuredCode,
    readonly storage: CaseStorage,
    readonly fixture: readonly BenchPair[],
    readonly nodes: number,
    readonly options: { nodeArgs?: readonly string[]; callsOnOneNode?: number } = {},
  ) {}

  async start(): Promise<Deployment> {
    const processes: ServerProcess[] = [];
    try {
      for (let i = 0; i < this.nodes; i++) {
        const node = await ServerProcess.start({
          name: `node ${i + 1}`,
          script: this.code.serverMain,
          probe: this.code.probe,
          env: ycywNodeEnv(this.storage),
          nodeArgs: this.options.nodeArgs,
        });
        processes.push(node);
      }
    } catch (error) {
      await Promise.all(processes.map((p) => p.stop()));
      throw error;
    }
    const pairs: PairSpec[] = this.fixture.map((pair, p) => {
      const [customerNode, agentNode] = pairNodes(p, processes.length, this.options.callsOnOneNode ?? 0);
      return {
        conversationId: pair.conversationId,
        customer: { url: processes[customerNode]!.url, auth: { token: pair.customer.token } },
        agent: { url: processes[agentNode]!.url, auth: { token: pair.agent.token } },
      };
    });
    return {
      processes,
      pairs,
      databaseCpu: this.storage.databaseCpu,
      joinCall: async (caller: BenchClient, callee: BenchClient) => {
        const started = await startCall(caller);
        const callId = (started.call as { id: string }).id;
        await callee.request('call:accept', { callId });
        return callId;
      },
      leaveCall: async (caller: BenchClient, callee: BenchClient) => {
        for (const client of [callee, caller]) {
          if (client.callId) await client.request('call:leave', { callId: client.callId }, 30_000).catch(() => undefined);
        }
      },
      stop: async () => {
        await Promise.all(processes.map((p) => p.stop()));
      },
    };
  }
}

/**
 * Whether a call can span nodes: a customer on the first node starts one, the agent on the second
 * accepts it. Null when it can; else why not (the benchmark then keeps each call's pair on one node).
 */
export async function callAcrossNodesProblem(code: MeasuredCode, storage: CaseStorage, pair: BenchPair): Promise<string | null> {
  const target = new YcywTarget(code, storage, [pair], 2);
  const deployment = await target.start();
  const clients: BenchClient[] = [];
  try {
    const spec = deployment.pairs[0]!;
    clients.push(await BenchClient.connect(0, spec.conversationId, spec.customer, 30_000));
    clients.push(await BenchClient.connect(1, spec.conversationId, spec.agent, 30_000));
    const callId = await deployment.joinCall(clients[0]!, clients[1]!).catch((error: Error) => error);
    if (callId instanceof Error) return callId.message;
    await clients[0]!.request('call:leave', { callId }).catch(() => undefined);
    return null;
  } finally {
    for (const client of clients) client.close();
    await deployment.stop();
  }
}
