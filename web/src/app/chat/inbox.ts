import { computed, inject, Injectable, signal } from '@angular/core';
import type { Conversation, ConversationSummary } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { errorText } from '../core/error-text';
import { PageVisibility } from '../core/page-visibility';
import { SocketService } from '../core/socket-service';

/**
 * The signed-in user's conversations with their unread counts, loaded from the API and kept current by
 * `message:new` and `conversation:updated`.
 */
@Injectable({ providedIn: 'root' })
export class Inbox {
  readonly #api = inject(ApiClient);
  readonly #auth = inject(AuthService);
  readonly #visibility = inject(PageVisibility);
  readonly #summaries = signal<readonly ConversationSummary[] | null>(null);
  readonly #error = signal<string | null>(null);
  /** The conversation on screen, whose new messages are read as they arrive. */
  readonly #reading = signal<string | null>(null);

  /** Most recently active first; null until the first load. */
  readonly conversations = computed(() => {
    const summaries = this.#summaries();
    return summaries && [...summaries].sort(byRecentActivity);
  });
  readonly error = this.#error.asReadonly();

  constructor() {
    const socket = inject(SocketService);
    socket.on('message:new', ({ message }) => {
      const summaries = this.#summaries();
      if (summaries === null) return;
      if (!summaries.some((summary) => summary.id === message.conversationId)) {
        void this.load(); // a conversation we did not know of yet
        return;
      }
      const readNow = this.#reading() === message.conversationId && this.#visibility.visible();
      const fromOther = message.senderId !== this.#auth.user()?.id;
      this.#patch(message.conversationId, (summary) => ({
        ...summary,
        lastMessageId: Math.max(summary.lastMessageId ?? 0, message.id),
        unreadCount: fromOther && !readNow ? summary.unreadCount + 1 : summary.unreadCount,
      }));
    });
    socket.on('conversation:updated', ({ conversation }) => this.#upsert(conversation));
    this.#auth.onSignOut(() => this.#summaries.set(null));
    // Whatever happened while disconnected, the list is fetched again rather than guessed.
    socket.onConnect(() => {
      if (this.#summaries() !== null) void this.load();
    });
  }

  async load(): Promise<void> {
    try {
      const { conversations } = await this.#api.conversations();
      this.#summaries.set(conversations);
      this.#error.set(null);
    } catch (error) {
      this.#error.set(errorText(error));
    }
  }

  /** Adds a conversation this user just opened or took, before the list is next loaded. */
  add(conversation: Conversation): void {
    this.#upsert(conversation);
  }

  startReading(conversationId: string): void {
    this.#reading.set(conversationId);
  }

  stopReading(conversationId: string): void {
    if (this.#reading() === conversationId) this.#reading.set(null);
  }

  /** The read marker went out: nothing in this conversation is unread any more. */
  markRead(conversationId: string): void {
    this.#patch(conversationId, (summary) => (summary.unreadCount === 0 ? summary : { ...summary, unreadCount: 0 }));
  }

  #upsert(conversation: Conversation): void {
    const summaries = this.#summaries();
    if (summaries === null) return;
    if (summaries.some((summary) => summary.id === conversation.id)) {
      this.#patch(conversation.id, (summary) => ({ ...conversation, unreadCount: summary.unreadCount }));
    } else {
      this.#summaries.set([...summaries, { ...conversation, unreadCount: 0 }]);
    }
  }

  #patch(conversationId: string, change: (summary: ConversationSummary) => ConversationSummary): void {
    this.#summaries.update(
      (summaries) => summaries && summaries.map((summary) => (summary.id === conversationId ? change(summary) : summary)),
    );
  }
}

function byRecentActivity(a: ConversationSummary, b: ConversationSummary): number {
  return (b.lastMessageId ?? 0) - (a.lastMessageId ?? 0) || b.createdAt.localeCompare(a.createdAt);
}
