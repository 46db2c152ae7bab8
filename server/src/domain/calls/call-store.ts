import type { Call } from '@ycyw/protocol';

/**
 * Where live calls are kept. In memory on one node today; the scale-out work can put them in Redis,
 * hence every method is asynchronous. Ended calls are not kept: `save` of an ended call removes it.
 */
export interface CallStore {
  find(callId: string): Promise<Call | undefined>;
  /** The live call of a conversation (there is at most one). */
  liveInConversation(conversationId: string): Promise<Call | undefined>;
  /** The live calls of these conversations. */
  liveInConversations(conversationIds: readonly string[]): Promise<Call[]>;
  /** The live calls in which this user is a participant, in any state. */
  liveWithParticipant(userId: string): Promise<Call[]>;
  /** The live calls in which some participant is joined on this device. */
  liveWithDevice(deviceId: string): Promise<Call[]>;
  /** Stores a live call, or forgets an ended one. */
  save(call: Call): Promise<void>;
}
