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
import type { Notifier } from '../domain/notifier.js';
import { roomFor } from './rooms.js';
import type { IoServer } from './socket-types.js';

/** Delivers domain notifications to the right devices, on this node and (through the adapter) others. */
export class SocketNotifier implements Notifier {
  readonly #io: IoServer;

  constructor(io: IoServer) {
    this.#io = io;
  }

  messageCreated(message: Message, recipientIds: readonly string[]): void {
    this.#toUsers(recipientIds)?.emit('message:new', { message });
  }

  conversationUpdated(conversation: Conversation, formerMemberIds: readonly string[] = []): void {
    const recipients = [...conversation.members.map((m) => m.userId), ...formerMemberIds];
    this.#toUsers(recipients)?.emit('conversation:updated', { conversation });
  }

  typing(event: TypingEvent, recipientIds: readonly string[]): void {
    this.#toUsers(recipientIds)?.emit('typing', event);
  }

  messageRead(event: MessageReadEvent, recipientIds: readonly string[]): void {
    this.#toUsers(recipientIds)?.emit('message:read', event);
  }

  presenceChanged(userId: string, status: PresenceStatus, recipientIds: readonly string[]): void {
    this.#toUsers(recipientIds)?.emit('presence', { userId, status });
  }

  queueUpdated(queue: readonly QueueEntry[]): void {
    this.#io.to(roomFor.agents()).emit('queue:updated', { queue: [...queue] });
  }

  queuePosition(customerId: string, position: QueuePosition): void {
    this.#io.to(roomFor.user(customerId)).emit('queue:position', position);
  }

  sessionRevoked(sessionId: string): void {
    this.#io.in(roomFor.session(sessionId)).disconnectSockets(true);
  }

  callIncoming(call: Call, recipientIds: readonly string[]): void {
    this.#toUsers(recipientIds)?.emit('call:incoming', { call });
  }

  callUpdated(call: Call, recipientIds: readonly string[]): void {
    this.#toUsers(recipientIds)?.emit('call:updated', { call });
  }

  callEnded(call: Call, recipientIds: readonly string[]): void {
    this.#toUsers(recipientIds)?.emit('call:ended', { call });
  }

  signal(toDeviceId: string, event: SignalEvent): void {
    this.#io.to(roomFor.device(toDeviceId)).emit('signal', event);
  }

  /** Undefined for nobody: socket.io would broadcast `to([])` to every socket. */
  #toUsers(userIds: readonly string[]) {
    return userIds.length === 0 ? undefined : this.#io.to(userIds.map(roomFor.user));
  }
}
