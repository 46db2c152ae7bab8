import { randomUUID } from 'node:crypto';
import type {
  Conversation,
  ConversationSummary,
  CreateConversationBody,
  Message,
  ReadMessagePayload,
  SendMessagePayload,
  User,
} from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import { DomainError } from '../domain-error.js';
import type { Notifier } from '../notifier.js';
import type { ConversationStore, MessagePageQuery } from './conversation-store.js';

const memberIds = (conversation: Conversation) => conversation.members.map((m) => m.userId);

/** Conversations a user belongs to and the messages in them. */
export class ConversationService {
  readonly #store: ConversationStore;
  readonly #notifier: Notifier;
  readonly #clock: Clock;
  /** Called when a conversation enters or leaves the queue. */
  readonly #onQueueChanged: () => void;

  constructor(deps: { store: ConversationStore; notifier: Notifier; clock: Clock; onQueueChanged: () => void }) {
    this.#store = deps.store;
    this.#notifier = deps.notifier;
    this.#clock = deps.clock;
    this.#onQueueChanged = deps.onQueueChanged;
  }

  /** Opens a support request for a customer; it starts `waiting` in the queue. */
  async open(user: User, input: CreateConversationBody): Promise<Conversation> {
    if (user.role !== 'customer') throw new DomainError('forbidden', 'Only customers open support requests');
    const id = randomUUID();
    await this.#store.insertConversation({
      id,
      customerId: user.id,
      subject: input.subject,
      topic: input.topic,
      createdAt: this.#clock.now().toISOString(),
    });
    this.#onQueueChanged();
    return this.#mustFind(id);
  }

  /** The user's conversations, newest activity first, each with its unread count. */
  list(user: User): Promise<ConversationSummary[]> {
    return this.#store.listConversationsOf(user.id);
  }

  /** A conversation the user is a member of; not_found or forbidden otherwise. */
  async get(user: User, conversationId: string): Promise<Conversation> {
    const conversation = await this.#mustFind(conversationId);
    if (!conversation.members.some((m) => m.userId === user.id)) {
      throw new DomainError('forbidden', 'You are not a member of this conversation');
    }
    return conversation;
  }

  /** One page of a conversation's history, in ascending id order. */
  async messages(user: User, conversationId: string, query: MessagePageQuery) {
    await this.get(user, conversationId);
    return this.#store.pageMessages(conversationId, query);
  }

  /**
   * Persists a message, then delivers it to every member's devices. Retrying with the same
   * clientMessageId returns the first message and delivers nothing twice.
   */
  async send(user: User, input: SendMessagePayload): Promise<Message> {
    const conversation = await this.get(user, input.conversationId);
    if (conversation.status === 'resolved') {
      throw new DomainError('conflict', 'This conversation is resolved');
    }
    const { message, created } = await this.#store.insertMessageOnce({
      conversationId: conversation.id,
      senderId: user.id,
      clientMessageId: input.clientMessageId,
      kind: 'text',
      body: input.body,
      createdAt: this.#clock.now().toISOString(),
    });
    if (created) this.#notifier.messageCreated(message, memberIds(conversation));
    return message;
  }

  /** Tells the other members that the user is typing. Nothing is stored. */
  async typing(user: User, conversationId: string): Promise<void> {
    const conversation = await this.get(user, conversationId);
    const others = memberIds(conversation).filter((id) => id !== user.id);
    this.#notifier.typing({ conversationId, userId: user.id, displayName: user.displayName }, others);
  }

  /** Moves the user's read marker to `messageId` (never backwards) and tells the members. */
  async markRead(user: User, input: ReadMessagePayload): Promise<void> {
    const conversation = await this.get(user, input.conversationId);
    if (conversation.lastMessageId === null || input.messageId > conversation.lastMessageId) {
      throw new DomainError('invalid_payload', 'No such message in this conversation');
    }
    const marker = await this.#store.advanceReadMarker(conversation.id, user.id, input.messageId);
    if (marker === input.messageId) {
      this.#notifier.messageRead(
        { conversationId: conversation.id, userId: user.id, messageId: marker },
        memberIds(conversation),
      );
    }
  }

  async #mustFind(conversationId: string): Promise<Conversation> {
    const conversation = await this.#store.findConversation(conversationId);
    if (!conversation) throw new DomainError('not_found', 'No such conversation');
    return conversation;
  }
}
