import type { DeskService } from '../domain/support/desk-service.js';
import type { QueueService } from '../domain/support/queue-service.js';
import type { Logger } from '../logger.js';
import type { EventGuard } from './event-handler.js';
import { onEvent } from './event-handler.js';
import type { IoSocket } from './socket-types.js';

/** queue:take, conversation:invite, conversation:transfer, conversation:resolve. */
export function registerSupportHandlers(
  socket: IoSocket,
  deps: {
    queue: QueueService;
    desk: DeskService;
    logger: Logger;
    guard: EventGuard;
    observeQueueWait: (seconds: number) => void;
  },
): void {
  const agent = () => socket.data.user;

  onEvent(socket, deps, 'queue:take', async ({ conversationId }) => {
    const conversation = await deps.queue.take(socket.data.user, conversationId);
    deps.observeQueueWait((Date.now() - Date.parse(conversation.createdAt)) / 1000);
    return { conversation };
  });

  onEvent(socket, deps, 'conversation:invite', async (payload) => ({
    conversation: await deps.desk.invite(agent(), payload),
  }));

  onEvent(socket, deps, 'conversation:transfer', async (payload) => ({
    conversation: await deps.desk.transfer(agent(), payload),
  }));

  onEvent(socket, deps, 'conversation:resolve', async ({ conversationId }) => ({
    conversation: await deps.desk.resolve(agent(), conversationId),
  }));
}
