import type { Conversation, InvitePayload, TransferPayload, User } from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import { DomainError } from '../domain-error.js';
import type { Notifier } from '../notifier.js';

/** Looks a user up by id (accounts own users). */
export type FindUser = (userId: string) => Promise<User | undefined>;

/** Adds a `kind: 'system'` timeline entry in the actor's name and delivers it (ConversationService does). */
export type PostSystemEntry = (actor: User, conversationId: string, body: string) => Promise<unknown>;

/** What agents do with a conversation once it is theirs: invite a colleague, transfer it, resolve it. */
export class DeskService {
  readonly #store: ConversationStore;
  readonly #notifier: Notifier;
  readonly #clock: Clock;
  readonly #findUser: FindUser;
  readonly #isOnline: (userId: string) => Promise<boolean>;
  readonly #postSystemEntry: PostSystemEntry;
  readonly #onMembersChanged: (conversation: Conversation) => void;

  constructor(deps: {
    store: ConversationStore;
    notifier: Notifier;
    clock: Clock;
    findUser: FindUser;
    /** Whether an agent is online now (not away, not offline): only they can be handed a conversation. */
    isOnline: (userId: string) => Promise<boolean>;
    postSystemEntry: PostSystemEntry;
    /** Called after members changed (presence introduces them to each other). */
    onMembersChanged: (conversation: Conversation) => void;
  }) {
    this.#store = deps.store;
    this.#notifier = deps.notifier;
    this.#clock = deps.clock;
    this.#findUser = deps.findUser;
    this.#isOnline = deps.isOnline;
    this.#postSystemEntry = deps.postSystemEntry;
    this.#onMembersChanged = deps.onMembersChanged;
  }

  /** Adds a second agent (e.g. a supervisor) to an open conversation the inviting agent belongs to. */
  async invite(agent: User, input: InvitePayload): Promise<Conversation> {
    const conversation = await this.#openConversationOf(agent, input.conversationId);
    const invitee = await this.#availableAgent(agent, conversation, input.userId);
    await this.#store.addMember(conversation.id, invitee.id, this.#now());
    await this.#postSystemEntry(agent, conversation.id, `${agent.displayName} invited ${invitee.displayName}`);
    return this.#publishMembers(conversation.id, conversation);
  }

  /** Hands the conversation to another agent, who replaces the transferring one; the note goes in the timeline. */
  async transfer(agent: User, input: TransferPayload): Promise<Conversation> {
    const conversation = await this.#openConversationOf(agent, input.conversationId);
    const target = await this.#availableAgent(agent, conversation, input.toUserId);
    // The system message goes first, while the transferring agent is still a member.
    const note = input.note?.trim();
    await this.#postSystemEntry(
      agent,
      conversation.id,
      `${agent.displayName} transferred the conversation to ${target.displayName}${note ? `: ${note}` : ''}`,
    );
    if (!(await this.#store.replaceMember(conversation.id, agent.id, target.id, this.#now()))) {
      throw new DomainError('conflict', 'You are no longer in this conversation');
    }
    return this.#publishMembers(conversation.id, conversation);
  }

  /** Closes a conversation an agent belongs to. */
  async resolve(agent: User, conversationId: string): Promise<Conversation> {
    await this.#openConversationOf(agent, conversationId);
    if (!(await this.#store.resolve(conversationId, this.#now()))) {
      throw new DomainError('conflict', 'This conversation is already resolved');
    }
    await this.#postSystemEntry(agent, conversationId, `${agent.displayName} resolved the conversation`);
    const resolved = await this.#mustFind(conversationId);
    this.#notifier.conversationUpdated(resolved);
    return resolved;
  }

  async #openConversationOf(agent: User, conversationId: string): Promise<Conversation> {
    if (agent.role !== 'agent') throw new DomainError('forbidden', 'Only agents do this');
    const conversation = await this.#mustFind(conversationId);
    if (!conversation.members.some((m) => m.userId === agent.id)) {
      throw new DomainError('forbidden', 'You are not a member of this conversation');
    }
    if (conversation.status !== 'active') throw new DomainError('conflict', `This conversation is ${conversation.status}`);
    return conversation;
  }

  /** Another agent, not yet in the conversation and online now, to invite or transfer to. */
  async #availableAgent(agent: User, conversation: Conversation, userId: string): Promise<User> {
    if (userId === agent.id) throw new DomainError('invalid_payload', 'Choose another agent');
    const other = await this.#findUser(userId);
    if (!other || other.role !== 'agent') throw new DomainError('not_found', 'No such agent');
    if (conversation.members.some((m) => m.userId === other.id)) {
      throw new DomainError('conflict', `${other.displayName} is already in this conversation`);
    }
    if (!(await this.#isOnline(other.id))) throw new DomainError('conflict', `${other.displayName} is not available`);
    return other;
  }

  /** Tells old and new members alike: someone who just left must learn it too. */
  async #publishMembers(conversationId: string, before: Conversation): Promise<Conversation> {
    const after = await this.#mustFind(conversationId);
    const removed = before.members.filter((m) => !after.members.some((a) => a.userId === m.userId));
    this.#notifier.conversationUpdated(after, removed.map((m) => m.userId));
    this.#onMembersChanged(after);
    return after;
  }

  async #mustFind(conversationId: string): Promise<Conversation> {
    const conversation = await this.#store.findConversation(conversationId);
    if (!conversation) throw new DomainError('not_found', 'No such conversation');
    return conversation;
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }
}
