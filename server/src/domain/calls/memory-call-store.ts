import type { Call } from '@ycyw/protocol';
import { isLive } from './call-machine.js';
import type { CallStore, VersionedCall } from './call-store.js';

/**
 * Live calls in this process's memory: a handful at a time, so lookups scan. One node only: its devices
 * cannot be held by another node, so leases are the local timers' business and always count as ended.
 */
export class MemoryCallStore implements CallStore {
  readonly #calls = new Map<string, VersionedCall>();

  async find(callId: string): Promise<Call | undefined> {
    return this.#calls.get(callId)?.call;
  }

  async load(callId: string): Promise<VersionedCall | undefined> {
    return this.#calls.get(callId);
  }

  async liveInConversation(conversationId: string): Promise<Call | undefined> {
    return this.#where((call) => call.conversationId === conversationId)[0];
  }

  async liveInConversations(conversationIds: readonly string[]): Promise<Call[]> {
    const wanted = new Set(conversationIds);
    return this.#where((call) => wanted.has(call.conversationId));
  }

  async liveWithParticipant(userId: string): Promise<Call[]> {
    return this.#where((call) => call.participants.some((p) => p.userId === userId));
  }

  async liveWithDevice(deviceId: string): Promise<Call[]> {
    return this.#where((call) => call.participants.some((p) => p.state === 'joined' && p.deviceId === deviceId));
  }

  async save(call: Call, expectedVersion: number): Promise<boolean> {
    const version = this.#calls.get(call.id)?.version ?? 0;
    if (version !== expectedVersion) return false;
    if (version === 0 && this.#where((c) => c.conversationId === call.conversationId).length > 0) return false;
    if (isLive(call)) this.#calls.set(call.id, { call, version: version + 1 });
    else this.#calls.delete(call.id);
    return true;
  }

  async ringingCreatedBefore(createdAt: string): Promise<Call[]> {
    const before = Date.parse(createdAt);
    return this.#where((call) => Date.parse(call.createdAt) <= before && call.participants.some((p) => p.state === 'ringing'));
  }

  async renewDevices(): Promise<void> {}

  async releaseDevice(): Promise<void> {}

  async expiredDevices(): Promise<string[]> {
    return [];
  }

  async leaseEnded(): Promise<boolean> {
    return true;
  }

  async inGracePeriod(): Promise<boolean> {
    return false;
  }

  #where(predicate: (call: Call) => boolean): Call[] {
    return [...this.#calls.values()].map((v) => v.call).filter(predicate);
  }
}
