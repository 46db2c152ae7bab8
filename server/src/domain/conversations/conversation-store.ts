import type { Attachment, CallSummary, Conversation, ConversationSummary, Message, MessageKind, QueueEntry, Topic } from '@ycyw/protocol';

export interface NewConversation {
  id: string;
  customerId: string;
  subject: string;
  topic: Topic;
  createdAt: string;
}

export interface NewMessage {
  conversationId: string;
  senderId: string;
  /** The sender's display name as the message shows it (the caller knows it: no look-up needed). */
  senderName: string;
  clientMessageId: string;
  kind: MessageKind;
  body: string;
  createdAt: string;
  /** The structured summary of a `kind: 'call'` entry. */
  call?: CallSummary;
  /** The file of a `kind: 'file'` entry. */
  attachment?: Attachment;
}

export interface MessagePageQuery {
  before?: number;
  after?: number;
  limit: number;
}

/** Persistence the conversation and support services need. */
export interface ConversationStore {
  insertConversation(conversation: NewConversation): Promise<void>;
  findConversation(id: string): Promise<Conversation | undefined>;
  listConversationsOf(userId: string): Promise<ConversationSummary[]>;
  /**
   * Persists a message unless this sender already sent one with the same clientMessageId in this
   * conversation, in which case that first message comes back with `created: false`.
   */
  insertMessageOnce(message: NewMessage): Promise<{ message: Message; created: boolean }>;
  /** The message this sender sent with this clientMessageId in this conversation, if any. */
  findMessage(conversationId: string, senderId: string, clientMessageId: string): Promise<Message | undefined>;
  pageMessages(conversationId: string, query: MessagePageQuery): Promise<{ messages: Message[]; hasMore: boolean }>;
  /** Moves a member's read marker forward (never back); returns the marker now stored. */
  advanceReadMarker(conversationId: string, userId: string, messageId: number): Promise<number | null>;
  /** Waiting conversations, oldest first. */
  waitingQueue(): Promise<QueueEntry[]>;
  /**
   * Makes a waiting conversation active with the agent as a member, atomically: when several agents
   * try at once, exactly one gets true.
   */
  takeWaiting(conversationId: string, agentId: string, now: string): Promise<boolean>;
  /** When the most recent takes happened (at or after `since`), newest first, at most `limit`. */
  recentTakeTimes(since: string, limit: number): Promise<string[]>;
  /**
   * Compare-and-set: stamps the "no agent online" notice on a waiting conversation that has none during
   * its current wait; false when it already has one (or is not waiting), so the notice is given once.
   */
  markOfflineNotice(conversationId: string, now: string): Promise<boolean>;
  /** For each user, how many conversations they are a member of that are waiting or active. */
  openConversationCounts(userIds: readonly string[]): Promise<Map<string, number>>;
  /** Makes the user a member of the conversation (no-op if they already are); true when they were added. */
  addMember(conversationId: string, userId: string, now: string): Promise<boolean>;
  /**
   * Hands the conversation from one member to another user in one transaction; false (and nothing
   * changed) when `fromUserId` is no longer a member — a concurrent transfer won.
   */
  replaceMember(conversationId: string, fromUserId: string, toUserId: string, now: string): Promise<boolean>;
  /** Compare-and-set active → resolved (stamping resolvedAt); false when it was not active. */
  resolve(conversationId: string, now: string): Promise<boolean>;
  /** Compare-and-set resolved → waiting at the back of the queue; false when it was not resolved. */
  reopen(conversationId: string, now: string): Promise<boolean>;
  /** Ids of every conversation the user is a member of. */
  conversationIdsOf(userId: string): Promise<string[]>;
  /** Everyone who shares at least one conversation with the user. */
  contactsOf(userId: string): Promise<string[]>;
}
