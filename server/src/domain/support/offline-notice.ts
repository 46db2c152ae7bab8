import type { Conversation, User } from '@ycyw/protocol';
import type { Clock } from '../clock.js';

/** The timeline entry a customer gets when they write while no agent is online. */
export const offlineNoticeText =
  'No agent is online right now. Your messages are kept and an agent will answer as soon as one is available.';

/**
 * Tells a waiting customer at once, in the conversation, that nobody is there to answer — once per wait,
 * however many messages they write (a take ends the wait; a reopening starts a new one).
 */
export class OfflineNotice {
  readonly #agentsOnline: () => Promise<number>;
  readonly #markOfflineNotice: (conversationId: string, now: string) => Promise<boolean>;
  readonly #postSystemEntry: (actor: Pick<User, 'id' | 'displayName'>, conversationId: string, body: string) => Promise<unknown>;
  readonly #clock: Clock;

  constructor(deps: {
    agentsOnline: () => Promise<number>;
    /** Compare-and-set of the conversation's notice stamp: true for the one caller that set it. */
    markOfflineNotice: (conversationId: string, now: string) => Promise<boolean>;
    postSystemEntry: (actor: Pick<User, 'id' | 'displayName'>, conversationId: string, body: string) => Promise<unknown>;
    clock: Clock;
  }) {
    this.#agentsOnline = deps.agentsOnline;
    this.#markOfflineNotice = deps.markOfflineNotice;
    this.#postSystemEntry = deps.postSystemEntry;
    this.#clock = deps.clock;
  }

  /** A customer opened a request or wrote in a waiting conversation. */
  async customerWaiting(conversation: Conversation): Promise<void> {
    if ((await this.#agentsOnline()) > 0) return;
    // Two messages written at once both see nobody online; the stamp lets only one of them post.
    if (!(await this.#markOfflineNotice(conversation.id, this.#clock.now().toISOString()))) return;
    const customer = conversation.members.find((m) => m.role === 'customer');
    // System entries are attributed to the member whose action caused them: here, the customer.
    if (customer) await this.#postSystemEntry({ id: customer.userId, displayName: customer.displayName }, conversation.id, offlineNoticeText);
  }
}
