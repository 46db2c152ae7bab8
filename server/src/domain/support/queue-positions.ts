import type { QueueEntry, QueuePosition } from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import { estimateWaitSeconds, meanTakeIntervalSeconds, recentTakes } from './queue-estimate.js';

/** A customer's place in the queue, with whom to tell. */
export interface CustomerPosition {
  customerId: string;
  position: QueuePosition;
}

/** Turns queue entries into what their customers are told: place, estimated wait, agents online. */
export class QueuePositions {
  readonly #recentTakeTimes: (since: string, limit: number) => Promise<string[]>;
  readonly #agentsOnline: () => Promise<number>;
  readonly #clock: Clock;

  constructor(deps: {
    recentTakeTimes: (since: string, limit: number) => Promise<string[]>;
    agentsOnline: () => Promise<number>;
    clock: Clock;
  }) {
    this.#recentTakeTimes = deps.recentTakeTimes;
    this.#agentsOnline = deps.agentsOnline;
    this.#clock = deps.clock;
  }

  /** The position of each entry; the pace and the agents online are read once for all of them. */
  async of(entries: readonly QueueEntry[]): Promise<CustomerPosition[]> {
    if (entries.length === 0) return [];
    const since = new Date(this.#clock.now().getTime() - recentTakes.withinMs).toISOString();
    const [takes, agentsOnline] = await Promise.all([this.#recentTakeTimes(since, recentTakes.maxCount), this.#agentsOnline()]);
    const interval = meanTakeIntervalSeconds(takes);
    return entries.map((entry) => ({
      customerId: entry.customer.userId,
      position: {
        conversationId: entry.conversationId,
        position: entry.position,
        estimatedWaitSeconds: estimateWaitSeconds(entry.position, interval, agentsOnline),
        agentsOnline,
      },
    }));
  }
}
