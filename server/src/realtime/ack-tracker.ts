import type { ErrorCode } from '@ycyw/protocol';
import type { IoSocket } from './socket-types.js';

export type AckObserver = (event: string, outcome: 'ok' | ErrorCode, seconds: number) => void;

/**
 * Watches every acknowledged client event from arrival to ack, for all handlers present and future:
 * times it, and counts those still in flight so a graceful shutdown can wait for them.
 */
export class AckTracker {
  readonly #observe: AckObserver;
  #inFlight = 0;
  #idle: (() => void)[] = [];
  #refusing = false;

  constructor(observe: AckObserver) {
    this.#observe = observe;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * From now on, events that arrive are dropped unanswered: during a shutdown the client's pending send
   * stays pending, and it retries it (same clientMessageId) on the node it reconnects to. Answering with an
   * error instead would make it give up; starting it could run against a database about to close.
   */
  refuseNew(): void {
    this.#refusing = true;
  }

  /** socket.io middleware for one socket. */
  track(socket: IoSocket): void {
    socket.use((packet, next) => {
      if (this.#refusing) return;
      const last = packet.length - 1;
      const ack = packet[last];
      // Only events someone handles: an unhandled one would never be acknowledged, and never drain.
      if (last > 0 && typeof ack === 'function' && socket.listeners(packet[0] as never).length > 0) {
        const started = process.hrtime.bigint();
        this.#inFlight++;
        packet[last] = (result: { ok?: boolean; error?: { code?: ErrorCode } } | undefined) => {
          this.#settled();
          const outcome = result?.ok ? 'ok' : (result?.error?.code ?? 'internal');
          this.#observe(String(packet[0]), outcome, Number(process.hrtime.bigint() - started) / 1e9);
          (ack as (value: unknown) => void)(result);
        };
      }
      next();
    });
  }

  /** Resolves once no acknowledged event is in flight. */
  drained(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #settled(): void {
    this.#inFlight--;
    if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
