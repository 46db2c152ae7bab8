import type { PresenceEvent, PresenceStatus, User } from '@ycyw/protocol';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { Notifier } from '../notifier.js';
import { PresenceTracker } from './presence-tracker.js';

/** Keeps presence per device and tells the people who share a conversation with the user. */
export class PresenceService {
  readonly #tracker = new PresenceTracker();
  readonly #store: ConversationStore;
  readonly #notifier: Notifier;
  readonly #graceMs: number;
  /** Devices that disconnected and may still come back (a reload, a network blip). */
  readonly #leaving = new Map<string, NodeJS.Timeout>();

  constructor(deps: { store: ConversationStore; notifier: Notifier; graceMs: number }) {
    this.#store = deps.store;
    this.#notifier = deps.notifier;
    this.#graceMs = deps.graceMs;
  }

  /** A device connected or changed its status. */
  async deviceStatus(user: User, deviceId: string, status: Exclude<PresenceStatus, 'offline'>): Promise<void> {
    this.#stayed(deviceId);
    await this.#announce(user.id, this.#tracker.set(user.id, deviceId, status));
  }

  /**
   * A device disconnected. It counts as gone only after the grace period, so a reload or a recovered
   * connection does not flash the user offline.
   */
  deviceGone(user: User, deviceId: string, onError: (error: unknown) => void): void {
    this.#stayed(deviceId);
    const timer = setTimeout(() => {
      this.#leaving.delete(deviceId);
      this.#announce(user.id, this.#tracker.remove(user.id, deviceId)).catch(onError);
    }, this.#graceMs);
    timer.unref();
    this.#leaving.set(deviceId, timer);
  }

  /** Drops pending departures (shutdown). */
  close(): void {
    for (const timer of this.#leaving.values()) clearTimeout(timer);
    this.#leaving.clear();
  }

  /** The current status of everyone who shares a conversation with the user. */
  async contactsPresence(user: User): Promise<PresenceEvent[]> {
    const contacts = await this.#store.contactsOf(user.id);
    return contacts.map((userId) => ({ userId, status: this.#tracker.statusOf(userId) }));
  }

  /** Tells the members of a conversation each other's status, e.g. when an agent has just joined it. */
  introduce(memberIds: readonly string[]): void {
    for (const userId of memberIds) {
      const others = memberIds.filter((id) => id !== userId);
      if (others.length > 0) this.#notifier.presenceChanged(userId, this.#tracker.statusOf(userId), others);
    }
  }

  statusOf(userId: string): PresenceStatus {
    return this.#tracker.statusOf(userId);
  }

  /** Users with at least one connected device on this node. */
  onlineCount(): number {
    return this.#tracker.userCount();
  }

  #stayed(deviceId: string): void {
    clearTimeout(this.#leaving.get(deviceId));
    this.#leaving.delete(deviceId);
  }

  async #announce(userId: string, status: PresenceStatus | undefined): Promise<void> {
    if (status === undefined) return;
    const contacts = await this.#store.contactsOf(userId);
    this.#notifier.presenceChanged(userId, status, [...contacts, userId]);
  }
}
