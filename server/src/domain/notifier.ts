import type {
  Call,
  Conversation,
  Message,
  MessageReadEvent,
  PresenceStatus,
  QueueEntry,
  QueuePosition,
  SignalEvent,
  TypingEvent,
} from '@ycyw/protocol';

/** How the domain tells connected clients what changed; realtime/ delivers it to the right devices. */
export interface Notifier {
  messageCreated(message: Message, recipientIds: readonly string[]): void;
  /** To every member, and to `formerMemberIds` (who just left, and must learn it). */
  conversationUpdated(conversation: Conversation, formerMemberIds?: readonly string[]): void;
  typing(event: TypingEvent, recipientIds: readonly string[]): void;
  messageRead(event: MessageReadEvent, recipientIds: readonly string[]): void;
  presenceChanged(userId: string, status: PresenceStatus, recipientIds: readonly string[]): void;
  queueUpdated(queue: readonly QueueEntry[]): void;
  /** To every device of the customer whose conversation waits. */
  queuePosition(customerId: string, position: QueuePosition): void;
  sessionRevoked(sessionId: string): void;
  /** A call rings these users' every device. */
  callIncoming(call: Call, recipientIds: readonly string[]): void;
  callUpdated(call: Call, recipientIds: readonly string[]): void;
  callEnded(call: Call, recipientIds: readonly string[]): void;
  /** Relays WebRTC signaling to one device (one tab), wherever it is connected. */
  signal(toDeviceId: string, event: SignalEvent): void;
}
