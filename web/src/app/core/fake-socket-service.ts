import { signal } from '@angular/core';
import type { ClientToServerEvents, ServerToClientEvents } from '@ycyw/protocol';
import { SocketUnavailableError, type AckOf, type PayloadOf } from './socket-service';

type Listener = (event: never) => void;

/**
 * A stand-in for SocketService in unit tests, with the same surface plus controls: `receive` plays a server
 * event, `drop` and `reconnect` move the connection, `respond` answers requests, `sent` records them.
 */
export class FakeSocketService {
  readonly connected = signal(true);
  readonly deviceId = signal<string | null>('device-me');
  readonly sent: { event: keyof ClientToServerEvents; payload: unknown }[] = [];
  respond: (event: keyof ClientToServerEvents, payload: unknown) => Promise<unknown> = () =>
    Promise.reject(new SocketUnavailableError('no answer'));
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #connectHandlers = new Set<() => void>();

  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
    const listeners = this.#listeners.get(event) ?? new Set<Listener>();
    this.#listeners.set(event, listeners);
    listeners.add(handler as Listener);
    return () => listeners.delete(handler as Listener);
  }

  onConnect(handler: () => void): () => void {
    this.#connectHandlers.add(handler);
    return () => this.#connectHandlers.delete(handler);
  }

  whenConnected(): Promise<void> {
    if (this.connected()) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.onConnect(() => {
        stop();
        resolve();
      });
    });
  }

  async request<E extends keyof ClientToServerEvents>(event: E, payload: PayloadOf<E>): Promise<AckOf<E>> {
    if (!this.connected()) throw new SocketUnavailableError('not connected');
    this.sent.push({ event, payload });
    return (await this.respond(event, payload)) as AckOf<E>;
  }

  notify<E extends keyof ClientToServerEvents>(event: E, payload: PayloadOf<E>): void {
    if (this.connected()) this.sent.push({ event, payload });
  }

  receive<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (event: unknown) => void)(payload);
  }

  drop(): void {
    this.connected.set(false);
  }

  reconnect(): void {
    this.connected.set(true);
    for (const handler of [...this.#connectHandlers]) handler();
  }
}
