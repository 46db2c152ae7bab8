import { inject, Injectable, InjectionToken, signal } from '@angular/core';
import type { ErrorCode, Message } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { SocketService, SocketUnavailableError } from '../core/socket-service';
import { newClientMessageId } from './client-message-id';

/** A message the person sent that the server has not acknowledged yet. */
export interface PendingMessage {
  readonly clientMessageId: string;
  readonly conversationId: string;
  readonly body: string;
  readonly createdAt: string;
  /** `sending` until acknowledged (retried meanwhile); `failed` once the server refused it for good. */
  readonly state: 'sending' | 'failed';
  readonly error?: ErrorCode;
}

/** Pauses between attempts after a timeout or a transient error; the last one repeats. */
export const OUTBOX_RETRY_DELAYS_MS = new InjectionToken<readonly number[]>('OUTBOX_RETRY_DELAYS_MS', {
  providedIn: 'root',
  factory: () => [500, 1000, 2000, 4000],
});

/** Errors that say "not now" rather than "never": the same message is sent again. */
const transientErrors: ReadonlySet<ErrorCode> = new Set(['internal', 'rate_limited']);

/**
 * Optimistic sending. A message shows at once as pending, then is sent with one clientMessageId that every
 * retry reuses, so the server stores it once however many attempts it takes. Messages go one at a time in
 * the order they were written, since the server's ids order the conversation. It lives at the root, so a
 * message keeps going out when the person leaves the conversation page.
 */
@Injectable({ providedIn: 'root' })
export class Outbox {
  readonly #socket = inject(SocketService);
  readonly #retryDelays = inject(OUTBOX_RETRY_DELAYS_MS);
  readonly #pending = signal<readonly PendingMessage[]>([]);
  readonly pending = this.#pending.asReadonly();
  readonly #deliveredHandlers = new Set<(message: Message) => void>();
  #draining = false;

  constructor() {
    // Our own message:new echo may come before the acknowledgement, or instead of it when the connection
    // dropped in between: either way the message is stored and must stop being pending.
    this.#socket.on('message:new', ({ message }) => this.#remove(message.clientMessageId));
    inject(AuthService).onSignOut(() => this.#pending.set([]));
  }

  send(conversationId: string, body: string): PendingMessage {
    const message: PendingMessage = {
      clientMessageId: newClientMessageId(),
      conversationId,
      body,
      createdAt: new Date().toISOString(),
      state: 'sending',
    };
    this.#pending.update((pending) => [...pending, message]);
    void this.#drain();
    return message;
  }

  /** Sends a failed message again, with its original clientMessageId. */
  retry(clientMessageId: string): void {
    this.#pending.update((pending) =>
      pending.map((message) =>
        message.clientMessageId === clientMessageId ? { ...message, state: 'sending', error: undefined } : message,
      ),
    );
    void this.#drain();
  }

  discard(clientMessageId: string): void {
    this.#remove(clientMessageId);
  }

  /** Runs with the stored message when the server acknowledges a send. */
  onDelivered(handler: (message: Message) => void): () => void {
    this.#deliveredHandlers.add(handler);
    return () => this.#deliveredHandlers.delete(handler);
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      let failures = 0;
      for (;;) {
        const next = this.#pending().find((message) => message.state === 'sending');
        if (next === undefined) return;
        if (!this.#socket.connected()) {
          await this.#socket.whenConnected();
          continue;
        }
        const { conversationId, clientMessageId, body } = next;
        try {
          const ack = await this.#socket.request('message:send', { conversationId, clientMessageId, body });
          if (ack.ok) {
            failures = 0;
            this.#remove(clientMessageId);
            for (const handler of this.#deliveredHandlers) handler(ack.message);
            continue;
          }
          if (!transientErrors.has(ack.error.code)) {
            failures = 0;
            this.#fail(clientMessageId, ack.error.code);
            continue;
          }
        } catch (error) {
          if (!(error instanceof SocketUnavailableError)) throw error;
        }
        failures += 1;
        await this.#pause(this.#retryDelays[Math.min(failures, this.#retryDelays.length) - 1] ?? 1000);
      }
    } finally {
      this.#draining = false;
    }
  }

  /** Waits before the next attempt, cut short by a reconnection (the likely cure of the failure). */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const stop = this.#socket.onConnect(done);
    });
  }

  #remove(clientMessageId: string): void {
    const pending = this.#pending();
    if (pending.some((message) => message.clientMessageId === clientMessageId)) {
      this.#pending.set(pending.filter((message) => message.clientMessageId !== clientMessageId));
    }
  }

  #fail(clientMessageId: string, error: ErrorCode): void {
    this.#pending.update((pending) =>
      pending.map((message) => (message.clientMessageId === clientMessageId ? { ...message, state: 'failed', error } : message)),
    );
  }
}
