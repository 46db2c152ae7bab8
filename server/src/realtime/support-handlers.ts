import type { Conversation } from '@ycyw/protocol';
import type { DeskService } from '../domain/support/desk-service.js';
import type { QueueService } from '../domain/support/queue-service.js';
import type { ClientEvents } from './event-handler.js';

/** queue:take, queue:take-next, conversation:invite, conversation:transfer, conversation:resolve. */
export function supportHandlers(
  events: ClientEvents,
  deps: { queue: QueueService; desk: DeskService; observeQueueWait: (seconds: number) => void },
): void {
  // The wait counts from queuedAt: a reopened conversation waited since it was reopened, not since it was opened.
  const taken = (conversation: Conversation) => {
    deps.observeQueueWait(Math.max(0, Date.now() - Date.parse(conversation.queuedAt)) / 1000);
    return { conversation };
  };

  events.on('queue:take', async (socket, { conversationId }) => taken(await deps.queue.take(socket.data.user, conversationId)));

  events.on('queue:take-next', async (socket) => taken(await deps.queue.takeNext(socket.data.user)));

  events.on('conversation:invite', async (socket, payload) => ({
    conversation: await deps.desk.invite(socket.data.user, payload),
  }));

  events.on('conversation:transfer', async (socket, payload) => ({
    conversation: await deps.desk.transfer(socket.data.user, payload),
  }));

  events.on('conversation:resolve', async (socket, { conversationId }) => ({
    conversation: await deps.desk.resolve(socket.data.user, conversationId),
  }));
}
