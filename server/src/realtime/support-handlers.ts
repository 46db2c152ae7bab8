import type { Conversation } from '@ycyw/protocol';
import type { DeskService } from '../domain/support/desk-service.js';
import type { QueueService } from '../domain/support/queue-service.js';
import type { Logger } from '../logger.js';
import type { EventGuard } from './event-handler.js';
import { onEvent } from './event-handler.js';
import type { IoSocket } from './socket-types.js';

/** queue:take, queue:take-next, conversation:invite, conversation:transfer, conversation:resolve. */
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

  // The wait counts from queuedAt: a reopened conversation waited since it was reopened, not since it was opened.
  const taken = (conversation: Conversation) => {
    deps.observeQueueWait(Math.max(0, Date.now() - Date.parse(conversation.queuedAt)) / 1000);
    return { conversation };
  };

  onEvent(socket, deps, 'queue:take', async ({ conversationId }) => taken(await deps.queue.take(agent(), conversationId)));

  onEvent(socket, deps, 'queue:take-next', async () => taken(await deps.queue.takeNext(agent())));

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
