import type { PresenceEvent, PresenceStatus, Role, User } from '@ycyw/protocol';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { Notifier } from '../notifier.js';
import type { DeviceStatus, PresenceChange, PresenceStore } from './presence-store.js';

/** A user's aggregated presence changed; `role` is known unless the change came from an expiry. */
export type PresenceChangeListener = (change: PresenceChange & { role?: Role }) => void;

/** Keeps presence per device and tells the people who share a conversation with the user. */
export class PresenceService {
  readonly #presence: PresenceStore;
  readonly #conversations: ConversationStore;
  readonly #notifier: Notifier;
  readonly #graceMs: number;
  readonly #reportError: (error: unknown) => void;
  readonly #onChanged: PresenceChangeListener;
  /** This node's connected devices: deviceId -> userId. */
  readonly #local = new Map<string, string>();
  /** Devices that disconnected and may still come back (a reload, a network blip). */
  readonly #leaving = new Map<string, NodeJS.Timeout>();

  constructor(deps: {
    presence: PresenceStore;
    conversations: ConversationStore;
    notifier: Notifier;
    graceMs: number;
    reportError: (error: unknown) => void;
    /** Called on the one node that announces each change (e.g. agents online drive the queue estimates). */
    onChanged?: PresenceChangeListener;
  }) {
    this.#presence = deps.presence;
    this.#conversations = deps.conversations;
    this.#notifier = deps.notifier;
    this.#graceMs = deps.graceMs;
    this.#reportError = deps.reportError;
    this.#onChanged = deps.onChanged ?? (() => undefined);
    this.#presence.onExpired(({ userId, status }) => {
      this.#announce(userId, status).catch(this.#reportError);
    });
  }

  /** A device connected or changed its status. */
  async deviceStatus(user: User, deviceId: string, status: DeviceStatus): Promise<void> {
    this.#stayed(deviceId);
    this.#local.set(deviceId, user.id);
    await this.#announce(user.id, await this.#presence.setDevice(user.id, deviceId, status), user.role);
  }

  /**
   * A device disconnected. It counts as gone only after the grace period, so a reload or a recovered
   * connection does not flash the user offline.
   */
  deviceGone(user: User, deviceId: string): void {
    this.#stayed(deviceId);
    const timer = setTimeout(() => {
      this.#leaving.delete(deviceId);
      this.#local.delete(deviceId);
      this.#presence
        .removeDevice(user.id, deviceId)
        .then((status) => this.#announce(user.id, status, user.role))
        .catch(this.#reportError);
    }, this.#graceMs);
    timer.unref();
    this.#leaving.set(deviceId, timer);
  }

  /** Drops pending departures (shutdown): other nodes see this node's devices expire. */
  async close(): Promise<void> {
    for (const timer of this.#leaving.values()) clearTimeout(timer);
    this.#leaving.clear();
    await this.#presence.close();
  }

  /** The current status of everyone who shares a conversation with the user. */
  async contactsPresence(user: User): Promise<PresenceEvent[]> {
    const statuses = await this.#presence.statusOf(await this.#conversations.contactsOf(user.id));
    return [...statuses].map(([userId, status]) => ({ userId, status }));
  }

  /** The aggregated status of each user, across every node. */
  statusOf(userIds: readonly string[]): Promise<Map<string, PresenceStatus>> {
    return this.#presence.statusOf(userIds);
  }

  /** Tells the members of a conversation each other's status, e.g. when an agent has just joined it. */
  async introduce(memberIds: readonly string[]): Promise<void> {
    const statuses = await this.#presence.statusOf(memberIds);
    for (const [userId, status] of statuses) {
      const others = memberIds.filter((id) => id !== userId);
      if (others.length > 0) this.#notifier.presenceChanged(userId, status, others);
    }
  }

  /** Users with at least one connected device on this node. */
  onlineCount(): number {
    return new Set(this.#local.values()).size;
  }

  #stayed(deviceId: string): void {
    clearTimeout(this.#leaving.get(deviceId));
    this.#leaving.delete(deviceId);
  }

  async #announce(userId: string, status: PresenceStatus | undefined, role?: Role): Promise<void> {
    if (status === undefined) return;
    this.#onChanged({ userId, status, role });
    const contacts = await this.#conversations.contactsOf(userId);
    this.#notifier.presenceChanged(userId, status, [...contacts, userId]);
  }
}
