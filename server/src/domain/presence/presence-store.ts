import type { PresenceStatus } from '@ycyw/protocol';

export type DeviceStatus = Exclude<PresenceStatus, 'offline'>;

/** A user's presence changed to `status`. */
export interface PresenceChange {
  userId: string;
  status: PresenceStatus;
}

/**
 * Where device presence lives: this process (one node) or Redis (several). Each write returns the
 * user's new aggregated status when it changed, so exactly one node announces each change.
 */
export interface PresenceStore {
  setDevice(userId: string, deviceId: string, status: DeviceStatus): Promise<PresenceStatus | undefined>;
  removeDevice(userId: string, deviceId: string): Promise<PresenceStatus | undefined>;
  statusOf(userIds: readonly string[]): Promise<Map<string, PresenceStatus>>;
  /**
   * Devices of a node that died without saying goodbye expire; the store reports the resulting
   * changes here so they can be announced.
   */
  onExpired(listener: (change: PresenceChange) => void): void;
  close(): Promise<void>;
}
