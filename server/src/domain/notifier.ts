import type {
  Conversation,
  Message,
  MessageReadEvent,
  PresenceStatus,
  QueueEntry,
  TypingEvent,
} from '@ycyw/protocol';

/** How the domain tells connected clients what changed; realtime/ delivers it to the right devices. */
export interface Notifier {
  messageCreated(message: Message, recipientIds: readonly string[]): void;
  conversationUpdated(conversation: Conversation): void;
  typing(event: TypingEvent, recipientIds: readonly string[]): void;
  messageRead(event: MessageReadEvent, recipientIds: readonly string[]): void;
  presenceChanged(userId: string, status: PresenceStatus, recipientIds: readonly string[]): void;
  queueUpdated(queue: readonly QueueEntry[]): void;
  sessionRevoked(sessionId: string): void;
}
