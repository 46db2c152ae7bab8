import type { PresenceStatus } from '@ycyw/protocol';
import type { DeviceStatus, PresenceStore } from './presence-store.js';
import { PresenceTracker } from './presence-tracker.js';

/** Presence for a single node: nothing can die without this process knowing. */
export class MemoryPresenceStore implements PresenceStore {
  readonly #tracker = new PresenceTracker();

  async setDevice(userId: string, deviceId: string, status: DeviceStatus) {
    return this.#tracker.set(userId, deviceId, status);
  }

  async removeDevice(userId: string, deviceId: string) {
    return this.#tracker.remove(userId, deviceId);
  }

  async statusOf(userIds: readonly string[]) {
    return new Map<string, PresenceStatus>(userIds.map((id) => [id, this.#tracker.statusOf(id)]));
  }

  onExpired(): void {
    // Devices only leave through removeDevice here.
  }

  async close(): Promise<void> {}
}
