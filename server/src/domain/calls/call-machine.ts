import { type Call, type CallMedia, type CallParticipant, type ConversationStatus, limits } from '@ycyw/protocol';
import { DomainError } from '../domain-error.js';

/** A conversation member, as a call needs them. */
export interface CallMember {
  readonly userId: string;
  readonly displayName: string;
}

/** Everything that can happen to a call. `at` is when it happened (ISO-8601). */
export type CallEvent =
  | {
      readonly type: 'start';
      readonly callId: string;
      readonly conversation: {
        readonly id: string;
        readonly status: ConversationStatus;
        readonly members: readonly CallMember[];
      };
      readonly media: CallMedia;
      readonly userId: string;
      readonly deviceId: string;
      /** Members joined to another live call: they are marked busy instead of being rung. */
      readonly busyUserIds: readonly string[];
      readonly at: string;
    }
  | {
      readonly type: 'accept';
      readonly userId: string;
      readonly deviceId: string;
      /** The conversation's members now: any of them may join, whether they were rung or not. */
      readonly members: readonly CallMember[];
      /** The user is joined to another live call. */
      readonly inAnotherCall: boolean;
      /** Disconnected devices still in their grace period: their user may rejoin from another device. */
      readonly lostDeviceIds: readonly string[];
      readonly at: string;
    }
  | { readonly type: 'decline'; readonly userId: string; readonly at: string }
  | { readonly type: 'leave'; readonly userId: string; readonly at: string }
  | { readonly type: 'ringTimeout'; readonly at: string }
  | { readonly type: 'deviceLost'; readonly deviceId: string; readonly at: string }
  | { readonly type: 'busy'; readonly userId: string; readonly at: string };

export type CallEventType = CallEvent['type'];

/**
 * The one function that moves a call. `call` is the call the event applies to — for `start`, the
 * conversation's live call, if any. Returns the next call, or the DomainError that refuses the event;
 * an event is applied whole or not at all. Participant states are never touched by the end of a call:
 * in an ended call they record where everyone was at that moment.
 */
export function nextCall(call: Call | null, event: CallEvent): Call | DomainError {
  if (event.type === 'start') return start(call, event);
  if (!call) return new DomainError('not_found', 'No such call');
  if (call.status === 'ended') return new DomainError('conflict', 'This call has ended');
  switch (event.type) {
    case 'accept':
      return accept(call, event);
    case 'decline':
      return moveParticipant(call, event.userId, 'ringing', 'declined', event.at, 'Your call is not ringing');
    case 'busy':
      return moveParticipant(call, event.userId, 'ringing', 'busy', event.at, 'This call is not ringing for that user');
    case 'leave':
      return moveParticipant(call, event.userId, 'joined', 'left', event.at, 'You are not joined to this call');
    case 'ringTimeout':
      return ringTimeout(call, event.at);
    case 'deviceLost':
      return deviceLost(call, event.deviceId, event.at);
  }
}

/** True while a call is ringing or active. */
export const isLive = (call: Call): boolean => call.status !== 'ended';

/** The participant joined on this device, if any. */
export const participantOnDevice = (call: Call, deviceId: string): CallParticipant | undefined =>
  call.participants.find((p) => p.state === 'joined' && p.deviceId === deviceId);

/** How many participants are joined right now. */
export const joinedCount = (call: Call): number => call.participants.filter((p) => p.state === 'joined').length;

function start(live: Call | null, event: Extract<CallEvent, { type: 'start' }>): Call | DomainError {
  const { conversation, userId } = event;
  const caller = conversation.members.find((m) => m.userId === userId);
  if (!caller) return new DomainError('forbidden', 'You are not a member of this conversation');
  if (conversation.status === 'resolved') return new DomainError('conflict', 'This conversation is resolved');
  if (live && isLive(live)) return new DomainError('conflict', 'A call is already live in this conversation');
  if (event.busyUserIds.includes(userId)) return new DomainError('conflict', 'You are already in another call');
  const others = conversation.members.filter((m) => m.userId !== userId);
  if (others.length === 0) return new DomainError('conflict', 'Nobody else is in this conversation yet');

  const participants: CallParticipant[] = [
    { userId, displayName: caller.displayName, state: 'joined', deviceId: event.deviceId },
    ...others.map((m): CallParticipant => ({
      userId: m.userId,
      displayName: m.displayName,
      state: event.busyUserIds.includes(m.userId) ? 'busy' : 'ringing',
    })),
  ];
  // Everyone busy: the call ends as it starts, and the caller learns why from the participants.
  return settle(
    {
      id: event.callId,
      conversationId: conversation.id,
      media: event.media,
      status: 'ringing',
      startedBy: userId,
      participants,
      createdAt: event.at,
      answeredAt: null,
      endedAt: null,
    },
    event.at,
  );
}

function accept(call: Call, event: Extract<CallEvent, { type: 'accept' }>): Call | DomainError {
  const member = event.members.find((m) => m.userId === event.userId);
  if (!member) return new DomainError('forbidden', 'Only members of this conversation can join its call');
  const current = call.participants.find((p) => p.userId === event.userId);
  if (current?.state === 'joined') {
    // A retried accept from the same device changes nothing.
    if (current.deviceId === event.deviceId) return call;
    // One device per user and call; a tab that reloaded (a new device) may take over from its lost one.
    if (!current.deviceId || !event.lostDeviceIds.includes(current.deviceId)) {
      return new DomainError('conflict', 'You are in this call on another device');
    }
  } else {
    if (event.inAnotherCall) return new DomainError('conflict', 'You are already in another call');
    if (joinedCount(call) >= limits.callMaxParticipants) return new DomainError('conflict', 'This call is full');
  }
  const joined: CallParticipant = {
    userId: member.userId,
    displayName: member.displayName,
    state: 'joined',
    deviceId: event.deviceId,
  };
  const participants = current
    ? call.participants.map((p) => (p === current ? joined : p))
    : [...call.participants, joined];
  const active = participants.filter((p) => p.state === 'joined').length >= 2;
  return {
    ...call,
    participants,
    status: active ? 'active' : call.status,
    answeredAt: call.answeredAt ?? (active ? event.at : null),
  };
}

function moveParticipant(
  call: Call,
  userId: string,
  from: CallParticipant['state'],
  to: CallParticipant['state'],
  at: string,
  refusal: string,
): Call | DomainError {
  const participant = call.participants.find((p) => p.userId === userId);
  if (!participant) return new DomainError('forbidden', 'You are not a participant in this call');
  if (participant.state !== from) return new DomainError('conflict', refusal);
  return settle(replace(call, participant, to), at);
}

function ringTimeout(call: Call, at: string): Call | DomainError {
  if (!call.participants.some((p) => p.state === 'ringing')) return new DomainError('conflict', 'Nobody is ringing');
  const participants = call.participants.map((p): CallParticipant => (p.state === 'ringing' ? { ...p, state: 'missed' } : p));
  return settle({ ...call, participants }, at);
}

function deviceLost(call: Call, deviceId: string, at: string): Call | DomainError {
  const participant = participantOnDevice(call, deviceId);
  if (!participant) return new DomainError('conflict', 'Nobody is joined to this call on that device');
  return settle(replace(call, participant, 'left'), at);
}

/** A participant in a new state; `deviceId` is present exactly while joined. */
function replace(call: Call, participant: CallParticipant, state: CallParticipant['state']): Call {
  const { deviceId: _, ...rest } = participant;
  const moved: CallParticipant = state === 'joined' ? { ...participant, state } : { ...rest, state };
  return { ...call, participants: call.participants.map((p) => (p === participant ? moved : p)) };
}

/**
 * Ends the call when nobody can talk any more. While ringing (only the caller joined): when the caller
 * is gone (cancelled) or nobody is left ringing. While active: when one participant or none is joined.
 */
function settle(call: Call, at: string): Call {
  const callerJoined = call.participants.some((p) => p.userId === call.startedBy && p.state === 'joined');
  const ringing = call.participants.some((p) => p.state === 'ringing');
  const over = call.status === 'ringing' ? !callerJoined || !ringing : joinedCount(call) <= 1;
  return over ? { ...call, status: 'ended', endedAt: at } : call;
}
