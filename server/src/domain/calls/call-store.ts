import type { Call } from '@ycyw/protocol';

/** A live call with the version `save` compares against. */
export interface VersionedCall {
  readonly call: Call;
  readonly version: number;
}

/**
 * Where live calls are kept: in memory on one node, in Redis when several nodes share them, hence every
 * method is asynchronous. Ended calls are not kept: `save` of an ended call removes it.
 */
export interface CallStore {
  find(callId: string): Promise<Call | undefined>;
  /** The call with its version, for a compare-and-set `save`. */
  load(callId: string): Promise<VersionedCall | undefined>;
  /** The live call of a conversation (there is at most one). */
  liveInConversation(conversationId: string): Promise<Call | undefined>;
  /** The live calls of these conversations. */
  liveInConversations(conversationIds: readonly string[]): Promise<Call[]>;
  /** The live calls in which this user is a participant, in any state. */
  liveWithParticipant(userId: string): Promise<Call[]>;
  /** The live calls in which some participant is joined on this device. */
  liveWithDevice(deviceId: string): Promise<Call[]>;
  /**
   * Compare-and-set: stores a live call, or forgets an ended one, only if its stored version is still
   * `expectedVersion` (0 for a new call, which also requires no other live call in its conversation).
   * Returns false, changing nothing, when another writer got there first.
   */
  save(call: Call, expectedVersion: number): Promise<boolean>;
  /** Live calls created at or before `createdAt` in which someone is still ringing. */
  ringingCreatedBefore(createdAt: string): Promise<Call[]>;
  /**
   * Leases of joined devices, so that a device whose node died stops counting as joined: renews the
   * lease of these devices (only those joined to a call). A store that only one node uses may do nothing.
   */
  renewDevices(deviceIds: readonly string[]): Promise<void>;
  /** The lease of a joined device that disconnected now ends at `untilMs` (the end of its grace period). */
  releaseDevice(deviceId: string, untilMs: number): Promise<void>;
  /** Devices joined to a live call whose lease ended at or before `nowMs`. */
  expiredDevices(nowMs: number): Promise<string[]>;
  /** False while some node still holds this device (it reconnected there). */
  leaseEnded(deviceId: string, nowMs: number): Promise<boolean>;
  /**
   * True while a joined device is in the grace period its node gave it on disconnecting and has not
   * reconnected anywhere since: a reloaded tab on any node may take its place in the call. A store that
   * only one node uses may answer false (that node's own timers know).
   */
  inGracePeriod(deviceId: string): Promise<boolean>;
}
