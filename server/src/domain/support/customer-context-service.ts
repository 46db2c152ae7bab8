import type { CustomerContext, User } from '@ycyw/protocol';
import type { ConversationStore } from '../conversations/conversation-store.js';
import { DomainError } from '../domain-error.js';

/** Reads who a conversation's customer is and their history. */
export interface CustomerHistoryStore {
  /** The customer of the conversation and every conversation of theirs, newest first; undefined for no such conversation. */
  customerContextOf(conversationId: string): Promise<CustomerContext | undefined>;
}

/** What an agent sees of a customer, one click away: who they are and their earlier requests. */
export class CustomerContextService {
  readonly #conversations: Pick<ConversationStore, 'findConversation'>;
  readonly #history: CustomerHistoryStore;

  constructor(deps: { conversations: Pick<ConversationStore, 'findConversation'>; history: CustomerHistoryStore }) {
    this.#conversations = deps.conversations;
    this.#history = deps.history;
  }

  /**
   * The customer of a conversation, for an agent who is a member of it or, while it waits, for any agent
   * (to choose what to take); forbidden to customers and to other agents.
   */
  async forAgent(user: User, conversationId: string): Promise<CustomerContext> {
    if (user.role !== 'agent') throw new DomainError('forbidden', 'Only agents see customer details');
    const conversation = await this.#conversations.findConversation(conversationId);
    if (!conversation) throw new DomainError('not_found', 'No such conversation');
    const member = conversation.members.some((m) => m.userId === user.id);
    if (!member && conversation.status !== 'waiting') {
      throw new DomainError('forbidden', 'You are not a member of this conversation');
    }
    const context = await this.#history.customerContextOf(conversationId);
    if (!context) throw new DomainError('not_found', 'No such conversation');
    return context;
  }
}
