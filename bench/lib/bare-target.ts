import type { MeasuredCode } from './build.js';
import type { Deployment, PairSpec, Target } from './deployment.js';
import { ServerProcess } from './server-process.js';
import { pairNodes } from './ycyw-target.js';

/**
 * The bare socket.io relay as the baseline, with the same topology as the case it is compared with:
 * one process, or `nodes` processes sharing a Redis streams adapter (then pairs span nodes).
 */
export class BareTarget implements Target {
  readonly label = 'bare socket.io';

  constructor(
    readonly code: MeasuredCode,
    readonly pairs: number,
    readonly nodes: number,
    readonly redis: { url: string; keyPrefix: string } | null,
    /** Pairs kept on one node, as the product's (calls that cannot span nodes). */
    readonly callsOnOneNode = 0,
    /** Extra node flags for every relay process (e.g. `--cpu-prof`). */
    readonly nodeArgs: readonly string[] = [],
  ) {}

  async start(): Promise<Deployment> {
    const env: NodeJS.ProcessEnv = this.redis ? { REDIS_URL: this.redis.url, REDIS_KEY_PREFIX: `${this.redis.keyPrefix}bare:` } : { REDIS_URL: '' };
    const processes: ServerProcess[] = [];
    try {
      for (let i = 0; i < this.nodes; i++) processes.push(await ServerProcess.start({ name: `bare relay ${i + 1}`, script: this.code.bareRelay, probe: this.code.probe, env, nodeArgs: this.nodeArgs }));
    } catch (error) {
      await Promise.all(processes.map((p) => p.stop()));
      throw error;
    }
    const pairs: PairSpec[] = Array.from({ length: this.pairs }, (_, p) => {
      const [customerNode, agentNode] = pairNodes(p, processes.length, this.callsOnOneNode);
      return {
        conversationId: `room-${p}`,
        customer: { url: processes[customerNode]!.url, auth: { room: `room-${p}` } },
        agent: { url: processes[agentNode]!.url, auth: { room: `room-${p}` } },
      };
    });
    return {
      processes,
      pairs,
      databaseCpu: null,
      // Nothing to set up: a signal goes to a socket id.
      joinCall: async () => 'bare-call',
      leaveCall: async () => undefined,
      stop: async () => {
        await Promise.all(processes.map((p) => p.stop()));
      },
    };
  }
}
