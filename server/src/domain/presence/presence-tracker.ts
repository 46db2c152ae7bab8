import type { PresenceStatus } from '@ycyw/protocol';

type DeviceStatus = Exclude<PresenceStatus, 'offline'>;

/**
 * A user's presence across their devices (tabs): online if any device is online, away if every
 * device is away, offline with none. This node's view; issue #5 shares it across nodes.
 */
export class PresenceTracker {
  readonly #devices = new Map<string, Map<string, DeviceStatus>>();

  /** The user's aggregated status. */
  statusOf(userId: string): PresenceStatus {
    const devices = this.#devices.get(userId);
    if (!devices || devices.size === 0) return 'offline';
    for (const status of devices.values()) if (status === 'online') return 'online';
    return 'away';
  }

  /** How many users have at least one device. */
  userCount(): number {
    return this.#devices.size;
  }

  /** Records a device's status; returns the user's new status if it changed. */
  set(userId: string, deviceId: string, status: DeviceStatus): PresenceStatus | undefined {
    return this.#change(userId, (devices) => devices.set(deviceId, status));
  }

  /** Forgets a device; returns the user's new status if it changed. */
  remove(userId: string, deviceId: string): PresenceStatus | undefined {
    return this.#change(userId, (devices) => devices.delete(deviceId));
  }

  #change(userId: string, apply: (devices: Map<string, DeviceStatus>) => void): PresenceStatus | undefined {
    const before = this.statusOf(userId);
    let devices = this.#devices.get(userId);
    if (!devices) this.#devices.set(userId, (devices = new Map()));
    apply(devices);
    if (devices.size === 0) this.#devices.delete(userId);
    const after = this.statusOf(userId);
    return after === before ? undefined : after;
  }
}
