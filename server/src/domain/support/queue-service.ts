import type { Conversation, QueueEntry, User } from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import { DomainError } from '../domain-error.js';
import type { Notifier } from '../notifier.js';

/** The live queue of waiting customers and the agents' take. */
export class QueueService {
  readonly #store: ConversationStore;
  readonly #notifier: Notifier;
  readonly #clock: Clock;
  readonly #reportError: (error: unknown) => void;
  readonly #onMembersChanged: (conversation: Conversation) => void;
  #publishing: Promise<void> = Promise.resolve();

  constructor(deps: {
    store: ConversationStore;
    notifier: Notifier;
    clock: Clock;
    reportError: (error: unknown) => void;
    /** Called after someone joined a conversation (presence introduces them to each other). */
    onMembersChanged: (conversation: Conversation) => void;
  }) {
    this.#onMembersChanged = deps.onMembersChanged;
    this.#store = deps.store;
    this.#reportError = deps.reportError;
    this.#notifier = deps.notifier;
    this.#clock = deps.clock;
  }

  /** Waiting conversations, oldest first, numbered from 1. */
  queue(): Promise<QueueEntry[]> {
    return this.#store.waitingQueue();
  }

  /** The queue as an agent may see it. */
  async queueFor(user: User): Promise<QueueEntry[]> {
    if (user.role !== 'agent') throw new DomainError('forbidden', 'Only agents see the queue');
    return this.queue();
  }

  /** Assigns a waiting conversation to the agent; when two agents race, the loser gets conflict. */
  async take(agent: User, conversationId: string): Promise<Conversation> {
    if (agent.role !== 'agent') throw new DomainError('forbidden', 'Only agents take conversations');
    const taken = await this.#store.takeWaiting(conversationId, agent.id, this.#clock.now().toISOString());
    const conversation = await this.#store.findConversation(conversationId);
    if (!conversation) throw new DomainError('not_found', 'No such conversation');
    if (!taken) throw new DomainError('conflict', 'This conversation is no longer waiting');
    this.#notifier.conversationUpdated(conversation);
    this.#onMembersChanged(conversation);
    this.publish();
    return conversation;
  }

  /**
   * Sends the current queue to every agent. Publications are chained so that agents never receive an
   * older snapshot after a newer one.
   */
  publish(): void {
    this.#publishing = this.#publishing
      .then(async () => this.#notifier.queueUpdated(await this.#store.waitingQueue()))
      .catch(this.#reportError);
  }
}
