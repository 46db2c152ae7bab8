import { randomUUID } from 'node:crypto';
import type {
  Attachment,
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
import type { ConversationStore, MessagePageQuery, NewMessage } from './conversation-store.js';

const memberIds = (conversation: Conversation) => conversation.members.map((m) => m.userId);

/** Conversations a user belongs to and the messages in them. */
export class ConversationService {
  readonly #store: ConversationStore;
  readonly #notifier: Notifier;
  readonly #clock: Clock;
  /** Called when a conversation enters or leaves the queue. */
  readonly #onQueueChanged: () => void;
  /** Called after a customer opened a request or wrote in a waiting conversation (e.g. to say no agent is online). */
  readonly #onCustomerWaiting: (conversation: Conversation) => Promise<void>;

  constructor(deps: {
    store: ConversationStore;
    notifier: Notifier;
    clock: Clock;
    onQueueChanged: () => void;
    onCustomerWaiting?: (conversation: Conversation) => Promise<void>;
  }) {
    this.#store = deps.store;
    this.#notifier = deps.notifier;
    this.#clock = deps.clock;
    this.#onQueueChanged = deps.onQueueChanged;
    this.#onCustomerWaiting = deps.onCustomerWaiting ?? (async () => undefined);
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
    await this.#onCustomerWaiting(await this.#mustFind(id));
    // Read again: the hook may have added a timeline entry (the "no agent online" notice).
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
  send(user: User, input: SendMessagePayload): Promise<Message> {
    return this.#post(user, input.conversationId, { clientMessageId: input.clientMessageId, kind: 'text', body: input.body });
  }

  /** Posts a stored file as a `kind: 'file'` entry, with the same rules and idempotency as `send`. */
  sendFile(user: User, input: { conversationId: string; clientMessageId: string; attachment: Attachment }): Promise<Message> {
    return this.#post(user, input.conversationId, {
      clientMessageId: input.clientMessageId,
      kind: 'file',
      body: input.attachment.fileName,
      attachment: input.attachment,
    });
  }

  /** Whether the user may post in this conversation (a customer may, in a resolved one: it reopens). */
  async assertCanPost(user: User, conversationId: string): Promise<Conversation> {
    const conversation = await this.get(user, conversationId);
    if (conversation.status === 'resolved' && user.role !== 'customer') {
      throw new DomainError('conflict', 'This conversation is resolved');
    }
    return conversation;
  }

  /**
   * Adds a `kind: 'system'` entry (a transfer, a reopening, a notice) in the actor's name and delivers it.
   * `clientMessageId` makes it idempotent when the caller has a natural key for it.
   */
  async postSystemEntry(actor: Pick<User, 'id' | 'displayName'>, conversationId: string, body: string, clientMessageId = `system:${randomUUID()}`): Promise<Message> {
    const { message, created } = await this.#store.insertMessageOnce({
      conversationId,
      senderId: actor.id,
      senderName: actor.displayName,
      clientMessageId,
      kind: 'system',
      body,
      createdAt: this.#clock.now().toISOString(),
    });
    if (created) this.#notifier.messageCreated(message, memberIds(await this.#mustFind(conversationId)));
    return message;
  }

  async #post(user: User, conversationId: string, entry: Pick<NewMessage, 'clientMessageId' | 'kind' | 'body' | 'attachment'>): Promise<Message> {
    let conversation = await this.assertCanPost(user, conversationId);
    if (conversation.status === 'resolved') {
      // A retry of a message stored before the conversation was resolved must not reopen it.
      const first = await this.#store.findMessage(conversation.id, user.id, entry.clientMessageId);
      if (first) return first;
      conversation = await this.#reopen(user, conversation);
    }
    const { message, created } = await this.#store.insertMessageOnce({
      ...entry,
      conversationId: conversation.id,
      senderId: user.id,
      senderName: user.displayName,
      createdAt: this.#clock.now().toISOString(),
    });
    if (created) {
      this.#notifier.messageCreated(message, memberIds(conversation));
      if (user.role === 'customer' && conversation.status === 'waiting') await this.#onCustomerWaiting(conversation);
    }
    return message;
  }

  /**
   * A customer wrote in a resolved conversation: it goes back to the queue, at the back. Its agents stay
   * members (they keep the history and may take it again).
   */
  async #reopen(customer: User, conversation: Conversation): Promise<Conversation> {
    if (await this.#store.reopen(conversation.id, this.#clock.now().toISOString())) {
      await this.postSystemEntry(customer, conversation.id, `${customer.displayName} reopened the conversation`);
      const reopened = await this.#mustFind(conversation.id);
      this.#notifier.conversationUpdated(reopened);
      this.#onQueueChanged();
      return reopened;
    }
    // Another tab of the customer reopened it at the same moment.
    return this.#mustFind(conversation.id);
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
