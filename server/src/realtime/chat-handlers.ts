import type { ConversationService } from '../domain/conversations/conversation-service.js';
import type { ClientEvents } from './event-handler.js';
import type { IoSocket } from './socket-types.js';

/** Typing notices closer together than this, per device and conversation, are acknowledged but not relayed. */
const TYPING_INTERVAL_MS = 1000;

/** message:send, typing, message:read. */
export function chatHandlers(events: ClientEvents, deps: { conversations: ConversationService }): void {
  const { conversations } = deps;
  // Per device, made on its first typing notice and gone with its socket.
  const lastTyping = new WeakMap<IoSocket, Map<string, number>>();

  events.on('message:send', async (socket, payload) => ({
    message: await conversations.send(socket.data.user, payload),
  }));

  events.on('typing', async (socket, { conversationId }) => {
    const now = Date.now();
    let sent = lastTyping.get(socket);
    if (!sent) lastTyping.set(socket, (sent = new Map()));
    if (now - (sent.get(conversationId) ?? 0) < TYPING_INTERVAL_MS) return {};
    sent.set(conversationId, now);
    await conversations.typing(socket.data.user, conversationId);
    return {};
  });

  events.on('message:read', async (socket, payload) => {
    await conversations.markRead(socket.data.user, payload);
    return {};
  });
}
