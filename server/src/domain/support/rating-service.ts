import type { Conversation, Rating, RatePayload, User } from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import { DomainError } from '../domain-error.js';
import type { Notifier } from '../notifier.js';

/** How satisfied customers are, over every rated conversation. */
export interface RatingStats {
  /** Mean score, to two decimals; null before the first rating. */
  average: number | null;
  count: number;
}

/** Persistence of ratings (the rating_* columns of conversations). */
export interface RatingStore {
  /** Stores the rating, replacing an earlier one, only while the conversation is resolved; false otherwise. */
  rate(conversationId: string, rating: Rating): Promise<boolean>;
  ratingStats(): Promise<RatingStats>;
}

/** Customers rate resolved conversations 1–5; agents and the operator see how satisfied they are. */
export class RatingService {
  readonly #store: RatingStore;
  readonly #conversations: Pick<ConversationStore, 'findConversation'>;
  readonly #notifier: Notifier;
  readonly #clock: Clock;
  readonly #onRated: (score: number) => void;

  constructor(deps: {
    store: RatingStore;
    conversations: Pick<ConversationStore, 'findConversation'>;
    notifier: Notifier;
    clock: Clock;
    /** Called once per rating given (a replaced rating too), e.g. to count it in the metrics. */
    onRated?: (score: number) => void;
  }) {
    this.#store = deps.store;
    this.#conversations = deps.conversations;
    this.#notifier = deps.notifier;
    this.#clock = deps.clock;
    this.#onRated = deps.onRated ?? (() => undefined);
  }

  /**
   * The conversation's customer rates it once it is resolved; rating again replaces the rating. Every
   * member's devices get the conversation with its rating.
   */
  async rate(user: User, input: RatePayload): Promise<Conversation> {
    const conversation = await this.#mustFind(input.conversationId);
    if (!conversation.members.some((m) => m.userId === user.id && m.role === 'customer')) {
      throw new DomainError('forbidden', "Only the conversation's customer rates it");
    }
    const rating: Rating = { score: input.score, comment: input.comment || null, ratedAt: this.#clock.now().toISOString() };
    // The store re-checks the status: the customer may have reopened it (by writing) a moment ago.
    if (conversation.status !== 'resolved' || !(await this.#store.rate(conversation.id, rating))) {
      throw new DomainError('conflict', 'Only a resolved conversation can be rated');
    }
    const rated = await this.#mustFind(conversation.id);
    this.#notifier.conversationUpdated(rated);
    this.#onRated(rating.score);
    return rated;
  }

  /** Mean score and number of rated conversations, for agents. */
  async stats(user: User): Promise<RatingStats> {
    if (user.role !== 'agent') throw new DomainError('forbidden', 'Only agents see the desk statistics');
    return this.#store.ratingStats();
  }

  async #mustFind(conversationId: string): Promise<Conversation> {
    const conversation = await this.#conversations.findConversation(conversationId);
    if (!conversation) throw new DomainError('not_found', 'No such conversation');
    return conversation;
  }
}
