import { inject, Injectable, signal } from '@angular/core';
import type { Conversation, QueueEntry } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { errorText } from '../core/error-text';
import { sendCommand } from '../core/socket-command';
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
   * Makes this agent a member of the conversation. Throws a RequestError, `conflict` when another
   * agent took it first.
   */
  async take(conversationId: string): Promise<Conversation> {
    const { conversation } = await sendCommand(this.#socket, 'queue:take', { conversationId });
    this.#drop(conversation.id);
    return conversation;
  }

  /** Takes the conversation waiting longest. Throws a RequestError, `not_found` when nobody waits any more. */
  async takeNext(): Promise<Conversation> {
    const { conversation } = await sendCommand(this.#socket, 'queue:take-next', {});
    this.#drop(conversation.id);
    return conversation;
  }

  /** Do not wait for queue:updated to drop the row we just took. */
  #drop(conversationId: string): void {
    this.#queue.update((queue) => queue && queue.filter((entry) => entry.conversationId !== conversationId));
  }
}
