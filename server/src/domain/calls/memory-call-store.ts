import type { Call } from '@ycyw/protocol';
import { isLive } from './call-machine.js';
import type { CallStore } from './call-store.js';

/** Live calls in this process's memory: a handful at a time, so lookups scan. */
export class MemoryCallStore implements CallStore {
  readonly #calls = new Map<string, Call>();

  async find(callId: string): Promise<Call | undefined> {
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

  async save(call: Call): Promise<void> {
    if (isLive(call)) this.#calls.set(call.id, call);
    else this.#calls.delete(call.id);
  }

  #where(predicate: (call: Call) => boolean): Call[] {
    return [...this.#calls.values()].filter(predicate);
  }
}
