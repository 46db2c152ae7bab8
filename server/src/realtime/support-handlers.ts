import type { QueueService } from '../domain/support/queue-service.js';
import type { Logger } from '../logger.js';
import type { EventGuard } from './event-handler.js';
import { onEvent } from './event-handler.js';
import type { IoSocket } from './socket-types.js';

/** queue:take. (Transfer, invite and resolve come with the support desk.) */
export function registerSupportHandlers(
  socket: IoSocket,
  deps: { queue: QueueService; logger: Logger; guard: EventGuard; observeQueueWait: (seconds: number) => void },
): void {
  onEvent(socket, deps, 'queue:take', async ({ conversationId }) => {
    const conversation = await deps.queue.take(socket.data.user, conversationId);
    deps.observeQueueWait((Date.now() - Date.parse(conversation.createdAt)) / 1000);
    return { conversation };
  });
}
