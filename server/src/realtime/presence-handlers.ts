import type { PresenceService } from '../domain/presence/presence-service.js';
import type { ClientEvents } from './event-handler.js';

/** presence:set (the device's own going away is in socket-server's disconnect listener). */
export function presenceHandlers(events: ClientEvents, deps: { presence: PresenceService }): void {
  events.on('presence:set', async (socket, { status }) => {
    await deps.presence.deviceStatus(socket.data.user, socket.data.deviceId, status);
    return {};
  });
}
