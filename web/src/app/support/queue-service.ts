import { inject, Injectable, signal } from '@angular/core';
import type { Conversation, QueueEntry } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { RequestError } from '../core/request-error';
import { AuthService } from '../core/auth-service';
import { errorText } from '../core/error-text';
import { SocketService } from '../core/socket-service';

/**
 * The waiting conversations, for agents. Loaded once over HTTP, then replaced by every `queue:updated`,
 * which the server also sends on each connection, so a reconnection refreshes it by itself.
 */
@Injectable({ providedIn: 'root' })
export class QueueService {
  readonly #api = inject(ApiClient);
  readonly #socket = inject(SocketService);
  readonly #queue = signal<readonly QueueEntry[] | null>(null);
  readonly #error = signal<string | null>(null);
  /** Oldest first; null until known. */
  readonly queue = this.#queue.asReadonly();
  readonly error = this.#error.asReadonly();

  constructor() {
    this.#socket.on('queue:updated', ({ queue }) => {
      this.#queue.set(queue);
      this.#error.set(null);
    });
    inject(AuthService).onSignOut(() => this.#queue.set(null));
  }

  async load(): Promise<void> {
    try {
      const { queue } = await this.#api.queue();
      this.#queue.set(queue);
      this.#error.set(null);
    } catch (error) {
      this.#error.set(errorText(error));
    }
  }

  /**
   * Makes this agent a member of the conversation. Throws an RequestError, `conflict` when another
   * agent took it first.
   */
  async take(conversationId: string): Promise<Conversation> {
    let ack;
    try {
      ack = await this.#socket.request('queue:take', { conversationId });
    } catch {
      throw new RequestError('network_error', 'queue:take was not acknowledged', 0);
    }
    if (!ack.ok) throw new RequestError(ack.error.code, ack.error.message, 0);
    // Do not wait for queue:updated to drop the row we just took.
    this.#queue.update((queue) => queue && queue.filter((entry) => entry.conversationId !== conversationId));
    return ack.conversation;
  }
}
