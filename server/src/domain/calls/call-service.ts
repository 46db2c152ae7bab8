import { randomUUID } from 'node:crypto';
import type { Call, Conversation, SignalEvent, SignalPayload, StartCallPayload, User } from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import { DomainError } from '../domain-error.js';
import { KeyedSerializer } from '../keyed-serializer.js';
import type { Notifier } from '../notifier.js';
import type { Scheduler } from '../scheduler.js';
import { type CallEvent, isLive, nextCall, participantOnDevice } from './call-machine.js';
import type { CallStore } from './call-store.js';
import { describeCall, summarizeCall } from './call-summary.js';

export interface CallServiceDeps {
  calls: CallStore;
  conversations: ConversationStore;
  notifier: Notifier;
  clock: Clock;
  scheduler: Scheduler;
  /** How long a call rings before whoever has not answered counts as missed. */
  ringTimeoutMs: number;
  /** How long a joined device may stay disconnected before it counts as having left. */
  reconnectGraceMs: number;
  /** Failures of work nobody awaits (timers). */
  reportError: (error: unknown) => void;
  /**
   * How often this node looks for calls whose ring deadline passed and devices whose lease ended, which
   * the node that set their timers may not be alive to handle.
   */
  sweepMs?: number;
  /** How often this node renews the leases of its connected devices in the store. */
  heartbeatMs?: number;
}

/** Writes that lost a compare-and-set to another node are re-read and re-applied this many times. */
const MAX_ATTEMPTS = 5;

const isJoined = (call: Call, userId: string) => call.participants.some((p) => p.userId === userId && p.state === 'joined');
const memberIds = (conversation: Conversation) => conversation.members.map((m) => m.userId);

/**
 * Audio/video calls in conversations: each call moves only through `nextCall`; this service loads the
 * call and its conversation, applies one event under the conversation's lock, stores the result, tells
 * the members, runs the ring and reconnection timers, and writes the timeline entry when a call ends.
 */
export class CallService {
  readonly #calls: CallStore;
  readonly #conversations: ConversationStore;
  readonly #notifier: Notifier;
  readonly #clock: Clock;
  readonly #scheduler: Scheduler;
  readonly #ringTimeoutMs: number;
  readonly #reconnectGraceMs: number;
  readonly #reportError: (error: unknown) => void;
  /** Transitions of one conversation's calls run one at a time: read, decide, store, notify. */
  readonly #serializer = new KeyedSerializer();
  readonly #ringTimers = new Map<string, () => void>();
  /** Disconnected devices that may still come back, with the cancel function of their grace timer. */
  readonly #lostDevices = new Map<string, () => void>();
  /** Devices connected to this node (a count: a recovered connection may overlap the old one). */
  readonly #connected = new Map<string, number>();
  readonly #timers: NodeJS.Timeout[] = [];
  #sweeping = false;
  #closed = false;

  constructor(deps: CallServiceDeps) {
    this.#calls = deps.calls;
    this.#conversations = deps.conversations;
    this.#notifier = deps.notifier;
    this.#clock = deps.clock;
    this.#scheduler = deps.scheduler;
    this.#ringTimeoutMs = deps.ringTimeoutMs;
    this.#reconnectGraceMs = deps.reconnectGraceMs;
    this.#reportError = deps.reportError;
    const sweep = setInterval(() => void this.#background(() => this.sweep()), deps.sweepMs ?? 1000);
    const heartbeat = setInterval(
      () => void this.#background(() => this.#calls.renewDevices([...this.#connected.keys()])),
      deps.heartbeatMs ?? 5000,
    );
    for (const timer of [sweep, heartbeat]) {
      timer.unref();
      this.#timers.push(timer);
    }
  }

  /** Starts a call from this device: the caller is joined, every other member rings (or is busy). */
  async start(user: User, deviceId: string, input: StartCallPayload): Promise<Call> {
    const call = await this.#serializer.run(input.conversationId, async () => {
      const conversation = await this.#mustFindConversation(input.conversationId);
      for (let attempt = 1; ; attempt++) {
        const live = (await this.#calls.liveInConversation(conversation.id)) ?? null;
        const next = nextCall(live, {
          type: 'start',
          callId: randomUUID(),
          conversation,
          media: input.media,
          userId: user.id,
          deviceId,
          busyUserIds: await this.#joinedElsewhere(memberIds(conversation), null),
          at: this.#now(),
        });
        if (next instanceof DomainError) throw next;
        // Version 0: refused if another node started a call in this conversation meanwhile.
        if (await this.#calls.save(next, 0)) {
          await this.#announce(null, next, conversation);
          return next;
        }
        if (attempt >= MAX_ATTEMPTS) throw new DomainError('conflict', 'The call changed meanwhile, try again');
      }
    });
    await this.#busyElsewhere(user.id, call);
    return call;
  }

  /** Joins the call from this device: any member may, while the call is live, rung or not. */
  async accept(user: User, deviceId: string, callId: string): Promise<Call> {
    const { before, after } = await this.#apply(callId, async (call, conversation) => {
      const current = call?.participants.find((p) => p.userId === user.id);
      // Lost here, or on the node it was connected to (a reload that the load balancer sent elsewhere).
      const lost =
        current?.deviceId !== undefined && (this.#lostDevices.has(current.deviceId) || (await this.#calls.inGracePeriod(current.deviceId)));
      return {
        type: 'accept',
        userId: user.id,
        deviceId,
        members: conversation.members,
        inAnotherCall: (await this.#joinedElsewhere([user.id], callId)).length > 0,
        lostDeviceIds: lost && current?.deviceId ? [current.deviceId] : [],
        at: this.#now(),
      };
    });
    if (before && !isJoined(before, user.id)) await this.#busyElsewhere(user.id, after);
    return after;
  }

  /** Stops this call ringing for the user, on all their devices. */
  async decline(user: User, callId: string): Promise<Call> {
    return (await this.#apply(callId, async () => ({ type: 'decline', userId: user.id, at: this.#now() }))).after;
  }

  /** Hangs up: the user leaves; the call ends if one participant or none is left. */
  async leave(user: User, callId: string): Promise<Call> {
    return (await this.#apply(callId, async () => ({ type: 'leave', userId: user.id, at: this.#now() }))).after;
  }

  /**
   * Relays an offer, answer or ICE candidate from one joined device to another joined device of the
   * same call, and to nobody else.
   */
  async signal(user: User, deviceId: string, input: SignalPayload): Promise<void> {
    const call = await this.#calls.find(input.callId);
    if (!call) throw new DomainError('not_found', 'No such call');
    if (participantOnDevice(call, deviceId)?.userId !== user.id) {
      throw new DomainError('forbidden', 'Only a device joined to this call can signal in it');
    }
    if (input.to === deviceId || !participantOnDevice(call, input.to)) {
      throw new DomainError('forbidden', 'The recipient is not another device joined to this call');
    }
    const event: SignalEvent = { callId: call.id, from: deviceId };
    if (input.description !== undefined) event.description = input.description;
    if (input.candidate !== undefined) event.candidate = input.candidate;
    this.#notifier.signal(input.to, event);
  }

  /**
   * The conversation's members changed (an agent invited, a transfer): someone who is no longer a member
   * leaves its live call (only members talk in it — after a transfer, the agent who handed over), and the
   * call is sent to every member again, so that a newcomer's devices learn of it and can join.
   */
  async membersChanged(conversation: Conversation): Promise<void> {
    const live = await this.#calls.liveInConversation(conversation.id);
    if (!live) return;
    const members = new Set(memberIds(conversation));
    for (const gone of live.participants.filter((p) => !members.has(p.userId))) {
      const type = gone.state === 'joined' ? 'leave' : gone.state === 'ringing' ? 'decline' : null;
      if (type !== null) await this.#apply(live.id, async () => ({ type, userId: gone.userId, at: this.#now() }));
    }
    const current = await this.#calls.find(live.id);
    if (!current) return; // it ended with them: #apply told everyone
    const everyone = [...new Set([...memberIds(conversation), ...current.participants.map((p) => p.userId)])];
    this.#notifier.callUpdated(current, everyone);
  }

  /**
   * A device (re)connected: if it was in its grace period it is back in its calls. Returns the live
   * calls of the user's conversations, so that the device can show them.
   */
  async deviceConnected(user: User, deviceId: string): Promise<Call[]> {
    this.#lostDevices.get(deviceId)?.();
    this.#lostDevices.delete(deviceId);
    this.#connected.set(deviceId, (this.#connected.get(deviceId) ?? 0) + 1);
    // At once, so that the node it left, whose grace timer still runs, sees it held here.
    await this.#calls.renewDevices([deviceId]).catch(this.#reportError);
    return this.#calls.liveInConversations(await this.#conversations.conversationIdsOf(user.id));
  }

  /**
   * A device disconnected. Scheduled at once, before anything asynchronous, so that a quick recovery
   * (which calls `deviceConnected`) always finds the timer to cancel. If it has not come back when the
   * grace period ends, it leaves every call it is joined to.
   */
  deviceDisconnected(deviceId: string): void {
    const count = (this.#connected.get(deviceId) ?? 1) - 1;
    if (count > 0) this.#connected.set(deviceId, count);
    else this.#connected.delete(deviceId);
    if (this.#closed) return;
    this.#lostDevices.get(deviceId)?.();
    const cancel = this.#scheduler.schedule(this.#reconnectGraceMs, () => {
      if (this.#lostDevices.get(deviceId) !== cancel) return;
      this.#lostDevices.delete(deviceId);
      this.#deviceLostUnlessHeld(deviceId).catch(this.#reportError);
    });
    this.#lostDevices.set(deviceId, cancel);
    // Should this node die before its timer fires, the lease ending lets another node's sweep do it.
    this.#calls.releaseDevice(deviceId, this.#clock.now().getTime() + this.#reconnectGraceMs).catch(this.#reportError);
  }

  /**
   * Applies what is overdue whichever node set the timer: ring timeouts of calls created more than the
   * ring timeout ago, and the departure of devices whose lease ended (their node died, or they did not
   * come back). Every node runs it; the machine refuses what another node already applied.
   */
  async sweep(): Promise<void> {
    if (this.#sweeping || this.#closed) return;
    this.#sweeping = true;
    try {
      const now = this.#clock.now().getTime();
      for (const call of await this.#calls.ringingCreatedBefore(new Date(now - this.#ringTimeoutMs).toISOString())) {
        await this.#background(() => this.#apply(call.id, async () => ({ type: 'ringTimeout', at: this.#now() })));
      }
      for (const deviceId of await this.#calls.expiredDevices(now)) {
        // Connected here after all (a lease renewal lost in a Redis blip): renew instead.
        if (this.#connected.has(deviceId)) await this.#calls.renewDevices([deviceId]);
        else await this.#deviceLost(deviceId);
      }
    } finally {
      this.#sweeping = false;
    }
  }

  /**
   * Cancels every timer (shutdown). Live calls are not ended: with a shared store, the other nodes' sweeps
   * apply their ring timeouts and the departure of this node's devices once their grace period is over.
   */
  close(): void {
    this.#closed = true;
    for (const cancel of [...this.#ringTimers.values(), ...this.#lostDevices.values()]) cancel();
    for (const timer of this.#timers) clearInterval(timer);
    this.#ringTimers.clear();
    this.#lostDevices.clear();
  }

  /** The grace period ended here; the device may have reconnected to another node, which holds its lease. */
  async #deviceLostUnlessHeld(deviceId: string): Promise<void> {
    if (await this.#calls.leaseEnded(deviceId, this.#clock.now().getTime())) await this.#deviceLost(deviceId);
  }

  async #deviceLost(deviceId: string): Promise<void> {
    for (const call of await this.#calls.liveWithDevice(deviceId)) {
      await this.#background(() => this.#apply(call.id, async () => ({ type: 'deviceLost', deviceId, at: this.#now() })));
    }
  }

  /** Marks the user busy in the other live calls still ringing for them, now that they are in `call`. */
  async #busyElsewhere(userId: string, call: Call): Promise<void> {
    if (!isJoined(call, userId)) return;
    const ringing = (await this.#calls.liveWithParticipant(userId)).filter(
      (other) => other.id !== call.id && other.participants.some((p) => p.userId === userId && p.state === 'ringing'),
    );
    for (const other of ringing) {
      await this.#background(() => this.#apply(other.id, async () => ({ type: 'busy', userId, at: this.#now() })));
    }
  }

  /** Of these users, those joined to a live call other than `exceptCallId`. */
  async #joinedElsewhere(userIds: readonly string[], exceptCallId: string | null): Promise<string[]> {
    const busy: string[] = [];
    for (const userId of userIds) {
      const calls = await this.#calls.liveWithParticipant(userId);
      if (calls.some((call) => call.id !== exceptCallId && isJoined(call, userId))) busy.push(userId);
    }
    return busy;
  }

  /**
   * Applies one event to a call under its conversation's lock; the event is built inside the lock from
   * the call as it is then. The lock only covers this node: the save is a compare-and-set, and when
   * another node changed the call meanwhile, the event is rebuilt and re-applied to the call as it is now.
   * An event that changes nothing (a retried accept) stores and sends nothing.
   */
  async #apply(
    callId: string,
    eventFor: (call: Call | null, conversation: Conversation) => Promise<CallEvent>,
  ): Promise<{ before: Call | null; after: Call }> {
    const found = await this.#calls.find(callId);
    if (!found) throw new DomainError('not_found', 'No such call');
    return this.#serializer.run(found.conversationId, async () => {
      const conversation = await this.#mustFindConversation(found.conversationId);
      for (let attempt = 1; ; attempt++) {
        const loaded = await this.#calls.load(callId);
        const before = loaded?.call ?? null;
        const after = nextCall(before, await eventFor(before, conversation));
        if (after instanceof DomainError) throw after;
        if (after === before) return { before, after };
        if (await this.#calls.save(after, loaded?.version ?? 0)) {
          await this.#announce(before, after, conversation);
          return { before, after };
        }
        if (attempt >= MAX_ATTEMPTS) throw new DomainError('conflict', 'The call changed meanwhile, try again');
      }
    });
  }

  /** Tells everyone concerned about a stored change, and handles its timers and timeline entry. */
  async #announce(before: Call | null, after: Call, conversation: Conversation): Promise<void> {
    // Members who are not participants (an agent invited later) see the call too, and may join it.
    const everyone = [...new Set([...memberIds(conversation), ...after.participants.map((p) => p.userId)])];
    if (isLive(after)) {
      if (before === null) {
        const ringing = after.participants.filter((p) => p.state === 'ringing').map((p) => p.userId);
        this.#notifier.callIncoming(after, ringing);
        this.#notifier.callUpdated(after, everyone.filter((id) => !ringing.includes(id)));
        this.#startRinging(after);
      } else {
        this.#notifier.callUpdated(after, everyone);
      }
      return;
    }
    this.#ringTimers.get(after.id)?.();
    this.#ringTimers.delete(after.id);
    this.#notifier.callEnded(after, everyone);
    await this.#writeTimeline(after, conversation);
  }

  #startRinging(call: Call): void {
    if (this.#closed) return;
    const cancel = this.#scheduler.schedule(this.#ringTimeoutMs, () => {
      this.#ringTimers.delete(call.id);
      void this.#background(() => this.#apply(call.id, async () => ({ type: 'ringTimeout', at: this.#now() })));
    });
    this.#ringTimers.set(call.id, cancel);
  }

  /**
   * The call's entry in the conversation timeline, through the same ordered insert as chat messages,
   * delivered like any message. Its clientMessageId is derived from the call, so it is written once.
   */
  async #writeTimeline(call: Call, conversation: Conversation): Promise<void> {
    const summary = summarizeCall(call);
    try {
      const { message, created } = await this.#conversations.insertMessageOnce({
        conversationId: call.conversationId,
        senderId: call.startedBy,
        senderName: call.participants.find((p) => p.userId === call.startedBy)?.displayName ?? '',
        clientMessageId: `call:${call.id}`,
        kind: 'call',
        body: describeCall(summary),
        createdAt: call.endedAt ?? this.#now(),
        call: summary,
      });
      if (created) this.#notifier.messageCreated(message, memberIds(conversation));
    } catch (error) {
      // The call has ended for everyone already; a lost timeline entry must not turn that into an error.
      this.#reportError(error);
    }
  }

  /** Work triggered by a timer or by another call: a refused event only means the call moved on meanwhile. */
  async #background(task: () => Promise<unknown>): Promise<void> {
    if (this.#closed) return;
    try {
      await task();
    } catch (error) {
      if (!(error instanceof DomainError)) this.#reportError(error);
    }
  }

  async #mustFindConversation(conversationId: string): Promise<Conversation> {
    const conversation = await this.#conversations.findConversation(conversationId);
    if (!conversation) throw new DomainError('not_found', 'No such conversation');
    return conversation;
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }
}
