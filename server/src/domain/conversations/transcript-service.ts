import type { TranscriptResponse, User } from '@ycyw/protocol';
import { limits } from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import type { ConversationService } from './conversation-service.js';
import type { ConversationStore } from './conversation-store.js';

export type Transcript = TranscriptResponse;

/** A conversation's whole timeline, for a member to keep: text, calls, files and system entries. */
export class TranscriptService {
  readonly #conversations: ConversationService;
  readonly #store: ConversationStore;
  readonly #clock: Clock;

  constructor(deps: { conversations: ConversationService; store: ConversationStore; clock: Clock }) {
    this.#conversations = deps.conversations;
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  /** Every entry of the conversation in id order, for a member; not_found or forbidden otherwise. */
  async export(user: User, conversationId: string): Promise<Transcript> {
    const conversation = await this.#conversations.get(user, conversationId);
    const messages: Transcript['messages'] = [];
    // Page by page, as a client catches up: one query never loads a long conversation whole.
    for (let after = 0; ; ) {
      const page = await this.#store.pageMessages(conversationId, { after, limit: limits.historyPageMax });
      messages.push(...page.messages);
      const last = page.messages.at(-1);
      if (!page.hasMore || !last) break;
      after = last.id;
    }
    return { conversation, messages, exportedAt: this.#clock.now().toISOString() };
  }
}
