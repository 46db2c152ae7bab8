import type { CallService } from '../domain/calls/call-service.js';
import type { Logger } from '../logger.js';
import type { EventGuard } from './event-handler.js';
import { onEvent } from './event-handler.js';
import type { IoSocket } from './socket-types.js';

/** call:start, call:accept, call:decline, call:leave and signal; a disconnect starts the device's grace period. */
export function registerCallHandlers(
  socket: IoSocket,
  deps: { calls: CallService; logger: Logger; guard: EventGuard },
): void {
  const { calls, logger } = deps;
  const { user, deviceId } = socket.data;

  onEvent(socket, deps, 'call:start', async (payload) => {
    const call = await calls.start(user, deviceId, payload);
    logger.info({ callId: call.id, conversationId: call.conversationId, media: call.media }, 'call started');
    return { call };
  });

  onEvent(socket, deps, 'call:accept', async ({ callId }) => ({ call: await calls.accept(user, deviceId, callId) }));

  onEvent(socket, deps, 'call:decline', async ({ callId }) => ({ call: await calls.decline(user, callId) }));

  onEvent(socket, deps, 'call:leave', async ({ callId }) => ({ call: await calls.leave(user, callId) }));

  onEvent(socket, deps, 'signal', async (payload) => {
    await calls.signal(user, deviceId, payload);
    return {};
  });

  socket.on('disconnect', () => calls.deviceDisconnected(deviceId));
}
