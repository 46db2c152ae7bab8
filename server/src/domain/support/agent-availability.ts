import type { AgentSummary, PresenceStatus, User } from '@ycyw/protocol';
import type { AgentAccount } from '../accounts/account-store.js';
import { DomainError } from '../domain-error.js';

/** The aggregated presence of users, wherever their devices are connected. */
export type StatusOf = (userIds: readonly string[]) => Promise<Map<string, PresenceStatus>>;

/**
 * Who of the agents can take work now. An agent counts as available only when `online`: `away` means
 * every one of their tabs is hidden, so a customer or a colleague would wait on nobody.
 */
export class AgentAvailability {
  readonly #listAgents: () => Promise<AgentAccount[]>;
  readonly #statusOf: StatusOf;
  readonly #openConversationCounts: (userIds: readonly string[]) => Promise<Map<string, number>>;

  constructor(deps: {
    listAgents: () => Promise<AgentAccount[]>;
    statusOf: StatusOf;
    openConversationCounts: (userIds: readonly string[]) => Promise<Map<string, number>>;
  }) {
    this.#listAgents = deps.listAgents;
    this.#statusOf = deps.statusOf;
    this.#openConversationCounts = deps.openConversationCounts;
  }

  /** How many agents are online (not away) now. */
  async onlineCount(): Promise<number> {
    const agents = await this.#listAgents();
    const statuses = await this.#statusOf(agents.map((a) => a.id));
    return [...statuses.values()].filter((status) => status === 'online').length;
  }

  /** Whether this user is online now (not away, not offline). */
  async isOnline(userId: string): Promise<boolean> {
    return (await this.#statusOf([userId])).get(userId) === 'online';
  }

  /** Every agent with their presence and open conversations, by name: whom an agent may transfer to or invite. */
  async agentsFor(user: User): Promise<AgentSummary[]> {
    if (user.role !== 'agent') throw new DomainError('forbidden', 'Only agents see the agents');
    const agents = await this.#listAgents();
    const ids = agents.map((a) => a.id);
    const [statuses, open] = await Promise.all([this.#statusOf(ids), this.#openConversationCounts(ids)]);
    return agents
      .map((agent) => ({
        userId: agent.id,
        displayName: agent.displayName,
        status: statuses.get(agent.id) ?? 'offline',
        openConversations: open.get(agent.id) ?? 0,
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId));
  }
}
