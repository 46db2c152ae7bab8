import type { CallService } from '../domain/calls/call-service.js';
import type { Logger } from '../logger.js';
import { type ClientEvents, socketFields } from './event-handler.js';

/** call:start, call:accept, call:decline, call:leave and signal (a disconnect's grace period is in socket-server). */
export function callHandlers(events: ClientEvents, deps: { calls: CallService; logger: Logger }): void {
  const { calls, logger } = deps;

  events.on('call:start', async (socket, payload) => {
    const call = await calls.start(socket.data.user, socket.data.deviceId, payload);
    logger.info({ callId: call.id, conversationId: call.conversationId, media: call.media, ...socketFields(socket) }, 'call started');
    return { call };
  });

  events.on('call:accept', async (socket, { callId }) => ({ call: await calls.accept(socket.data.user, socket.data.deviceId, callId) }));

  events.on('call:decline', async (socket, { callId }) => ({ call: await calls.decline(socket.data.user, callId) }));

  events.on('call:leave', async (socket, { callId }) => ({ call: await calls.leave(socket.data.user, callId) }));

  events.on('signal', async (socket, payload) => {
    await calls.signal(socket.data.user, socket.data.deviceId, payload);
    return {};
  });
}
