import type { Message, QueueEntry } from '@ycyw/protocol';
import { SocketNotifier } from '../realtime/socket-notifier.js';
import type { IoServer } from '../realtime/socket-types.js';
import type { ServerMetrics } from './metrics.js';

/** The socket notifier, counting what the metrics need on its way through. */
export class MeteredNotifier extends SocketNotifier {
  readonly #metrics: ServerMetrics;

  constructor(io: IoServer, metrics: ServerMetrics) {
    super(io);
    this.#metrics = metrics;
  }

  override messageCreated(message: Message, recipientIds: readonly string[]): void {
    this.#metrics.messagesPersisted.inc();
    super.messageCreated(message, recipientIds);
  }

  override queueUpdated(queue: readonly QueueEntry[]): void {
    this.#metrics.queueLength.set(queue.length);
    super.queueUpdated(queue);
  }
}
