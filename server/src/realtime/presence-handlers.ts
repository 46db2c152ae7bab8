import type { PresenceService } from '../domain/presence/presence-service.js';
import type { Logger } from '../logger.js';
import type { EventGuard } from './event-handler.js';
import { onEvent } from './event-handler.js';
import type { IoSocket } from './socket-types.js';

/** presence:set, and the device's own online / offline. */
export function registerPresenceHandlers(
  socket: IoSocket,
  deps: { presence: PresenceService; logger: Logger; guard: EventGuard },
): void {
  const { presence } = deps;
  const { user, deviceId } = socket.data;

  onEvent(socket, deps, 'presence:set', async ({ status }) => {
    await presence.deviceStatus(user, deviceId, status);
    return {};
  });

  socket.on('disconnect', () => {
    presence.deviceGone(user, deviceId);
  });
}
