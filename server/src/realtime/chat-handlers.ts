import type { ConversationService } from '../domain/conversations/conversation-service.js';
import type { EventGuard } from './event-handler.js';
import { onEvent } from './event-handler.js';
import type { Logger } from '../logger.js';
import type { IoSocket } from './socket-types.js';

/** Typing notices closer together than this, per device and conversation, are acknowledged but not relayed. */
const TYPING_INTERVAL_MS = 1000;

/** message:send, typing, message:read. */
export function registerChatHandlers(
  socket: IoSocket,
  deps: { conversations: ConversationService; logger: Logger; guard: EventGuard },
): void {
  const { conversations } = deps;
  const user = () => socket.data.user;
  const lastTyping = new Map<string, number>();

  onEvent(socket, deps, 'message:send', async (payload) => ({
    message: await conversations.send(user(), payload),
  }));

  onEvent(socket, deps, 'typing', async ({ conversationId }) => {
    const now = Date.now();
    if (now - (lastTyping.get(conversationId) ?? 0) < TYPING_INTERVAL_MS) return {};
    lastTyping.set(conversationId, now);
    await conversations.typing(user(), conversationId);
    return {};
  });

  onEvent(socket, deps, 'message:read', async (payload) => {
    await conversations.markRead(user(), payload);
    return {};
  });
}
