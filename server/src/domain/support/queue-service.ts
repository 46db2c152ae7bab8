import type { Conversation, QueueEntry, QueuePosition, User } from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import { DomainError } from '../domain-error.js';
import type { Notifier } from '../notifier.js';
import type { QueuePositions } from './queue-positions.js';

/** The live queue of waiting customers, the agents' take, and each customer's place in it. */
export class QueueService {
  readonly #store: ConversationStore;
  readonly #notifier: Notifier;
  readonly #clock: Clock;
  readonly #positions: QueuePositions;
  readonly #reportError: (error: unknown) => void;
  readonly #onMembersChanged: (conversation: Conversation) => void;
  #publishing: Promise<void> = Promise.resolve();

  constructor(deps: {
    store: ConversationStore;
    notifier: Notifier;
    clock: Clock;
    positions: QueuePositions;
    reportError: (error: unknown) => void;
    /** Called after someone joined a conversation (presence introduces them to each other). */
    onMembersChanged: (conversation: Conversation) => void;
  }) {
    this.#onMembersChanged = deps.onMembersChanged;
    this.#store = deps.store;
    this.#positions = deps.positions;
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
    if (!taken) {
      if (!(await this.#store.findConversation(conversationId))) throw new DomainError('not_found', 'No such conversation');
      throw new DomainError('conflict', 'This conversation is no longer waiting');
    }
    return this.#taken(conversationId);
  }

  /** Assigns the conversation waiting longest to the agent; not_found when nobody waits. */
  async takeNext(agent: User): Promise<Conversation> {
    if (agent.role !== 'agent') throw new DomainError('forbidden', 'Only agents take conversations');
    // Each failed take means another agent took that one meanwhile: move on to the next, and read the
    // queue again when this snapshot is used up (new customers may have come).
    for (;;) {
      const queue = await this.#store.waitingQueue();
      if (queue.length === 0) throw new DomainError('not_found', 'Nobody is waiting');
      for (const { conversationId } of queue) {
        if (await this.#store.takeWaiting(conversationId, agent.id, this.#clock.now().toISOString())) {
          return this.#taken(conversationId);
        }
      }
    }
  }

  /** The customer's place in the queue for each of their waiting conversations. */
  async positionsOf(customer: User): Promise<QueuePosition[]> {
    if (customer.role !== 'customer') return [];
    const mine = (await this.#store.waitingQueue()).filter((entry) => entry.customer.userId === customer.id);
    return (await this.#positions.of(mine)).map((p) => p.position);
  }

  /** The place of one waiting conversation, for its customer only; conflict once it no longer waits. */
  async positionFor(user: User, conversationId: string): Promise<QueuePosition> {
    const conversation = await this.#store.findConversation(conversationId);
    if (!conversation) throw new DomainError('not_found', 'No such conversation');
    if (!conversation.members.some((m) => m.userId === user.id && m.role === 'customer')) {
      throw new DomainError('forbidden', 'Only the customer of this conversation sees its place in the queue');
    }
    const entry = (await this.#store.waitingQueue()).find((e) => e.conversationId === conversationId);
    if (!entry) throw new DomainError('conflict', 'This conversation is not waiting');
    const [found] = await this.#positions.of([entry]);
    return found!.position;
  }

  /**
   * Sends the current queue to every agent and their place to every waiting customer. Publications are
   * chained so that nobody receives an older snapshot after a newer one.
   */
  publish(): void {
    this.#chain(async () => {
      const queue = await this.#store.waitingQueue();
      this.#notifier.queueUpdated(queue);
      await this.#tellCustomers(queue);
    });
  }

  /** Sends waiting customers their place again, e.g. when the number of agents online changed. */
  publishPositions(): void {
    this.#chain(async () => this.#tellCustomers(await this.#store.waitingQueue()));
  }

  async #taken(conversationId: string): Promise<Conversation> {
    const conversation = await this.#store.findConversation(conversationId);
    if (!conversation) throw new DomainError('not_found', 'No such conversation');
    this.#notifier.conversationUpdated(conversation);
    this.#onMembersChanged(conversation);
    this.publish();
    return conversation;
  }

  async #tellCustomers(queue: readonly QueueEntry[]): Promise<void> {
    for (const { customerId, position } of await this.#positions.of(queue)) this.#notifier.queuePosition(customerId, position);
  }

  #chain(task: () => Promise<void>): void {
    this.#publishing = this.#publishing.then(task).catch(this.#reportError);
  }
}
