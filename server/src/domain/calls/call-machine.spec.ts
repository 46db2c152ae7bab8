import { describe, expect, it } from 'vitest';
import { type Call, limits } from '@ycyw/protocol';
import { DomainError } from '../domain-error.js';
import { type CallEvent, type CallMember, nextCall } from './call-machine.js';

const T0 = '2026-11-25T10:00:00.000Z';
const T1 = '2026-11-25T10:00:05.000Z';
const T2 = '2026-11-25T10:02:10.000Z';

const camille: CallMember = { userId: 'u-camille', displayName: 'Camille' };
const alex: CallMember = { userId: 'u-alex', displayName: 'Alex' };
const sam: CallMember = { userId: 'u-sam', displayName: 'Sam' };
const dana: CallMember = { userId: 'u-dana', displayName: 'Dana' };
const eve: CallMember = { userId: 'u-eve', displayName: 'Eve' };

type StartEvent = Extract<CallEvent, { type: 'start' }>;
type AcceptEvent = Extract<CallEvent, { type: 'accept' }>;

function startEvent(overrides: Partial<StartEvent> = {}): StartEvent {
  return {
    type: 'start',
    callId: 'call-1',
    conversation: { id: 'conv-1', status: 'active', members: [camille, alex] },
    media: 'video',
    userId: camille.userId,
    deviceId: 'dev-camille-1',
    busyUserIds: [],
    at: T0,
    ...overrides,
  };
}

function acceptEvent(member: CallMember, deviceId: string, overrides: Partial<AcceptEvent> = {}): AcceptEvent {
  return {
    type: 'accept',
    userId: member.userId,
    deviceId,
    members: [camille, alex, sam, dana, eve],
    inAnotherCall: false,
    lostDeviceIds: [],
    at: T1,
    ...overrides,
  };
}

/** Applies events in order; fails the test on the first refusal. */
function run(call: Call | null, ...events: CallEvent[]): Call {
  let current = call;
  for (const event of events) {
    const next = nextCall(current, event);
    if (next instanceof DomainError) throw new Error(`${event.type} refused: ${next.code} ${next.message}`);
    current = next;
  }
  if (!current) throw new Error('no call');
  return current;
}

const ringing1to1 = () => run(null, startEvent());
const active1to1 = () => run(ringing1to1(), acceptEvent(alex, 'dev-alex-1'));
const groupStart = (members = [camille, alex, sam]) =>
  run(null, startEvent({ conversation: { id: 'conv-1', status: 'active', members } }));
const states = (call: Call) => Object.fromEntries(call.participants.map((p) => [p.displayName, p.state]));

function expectRefusal(result: Call | DomainError, code: DomainError['code']) {
  expect(result).toBeInstanceOf(DomainError);
  expect((result as DomainError).code).toBe(code);
}

describe('nextCall', () => {
  describe('start', () => {
    it('makes a ringing call with the caller joined on the starting device and every other member ringing', () => {
      const call = run(null, startEvent({ conversation: { id: 'conv-1', status: 'active', members: [camille, alex, sam] } }));

      expect(call).toEqual({
        id: 'call-1',
        conversationId: 'conv-1',
        media: 'video',
        status: 'ringing',
        startedBy: camille.userId,
        participants: [
          { userId: camille.userId, displayName: 'Camille', state: 'joined', deviceId: 'dev-camille-1' },
          { userId: alex.userId, displayName: 'Alex', state: 'ringing' },
          { userId: sam.userId, displayName: 'Sam', state: 'ringing' },
        ],
        createdAt: T0,
        answeredAt: null,
        endedAt: null,
      });
    });

    it('starts an audio call when asked for audio', () => {
      expect(run(null, startEvent({ media: 'audio' })).media).toBe('audio');
    });

    it('works in a waiting conversation as long as someone else is a member', () => {
      const call = run(null, startEvent({ conversation: { id: 'conv-1', status: 'waiting', members: [camille, alex] } }));

      expect(call.status).toBe('ringing');
    });

    it('marks a member joined to another call busy instead of ringing them', () => {
      const withBusy = run(null, startEvent({ conversation: { id: 'conv-1', status: 'active', members: [camille, alex, sam] }, busyUserIds: [sam.userId] }));

      expect(states(withBusy)).toEqual({ Camille: 'joined', Alex: 'ringing', Sam: 'busy' });
      expect(withBusy.status).toBe('ringing');
    });

    it('ends at once when every callee is busy', () => {
      const call = run(null, startEvent({ busyUserIds: [alex.userId] }));

      expect(call.status).toBe('ended');
      expect(call.endedAt).toBe(T0);
      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'busy' });
    });

    it('is refused to a non-member: forbidden', () => {
      expectRefusal(nextCall(null, startEvent({ userId: 'u-stranger' })), 'forbidden');
    });

    it('is refused in a resolved conversation: conflict', () => {
      expectRefusal(nextCall(null, startEvent({ conversation: { id: 'conv-1', status: 'resolved', members: [camille, alex] } })), 'conflict');
    });

    it('is refused while the conversation has a live call: conflict', () => {
      expectRefusal(nextCall(ringing1to1(), startEvent({ callId: 'call-2' })), 'conflict');
      expectRefusal(nextCall(active1to1(), startEvent({ callId: 'call-2', userId: alex.userId })), 'conflict');
    });

    it('is allowed again once the previous call has ended', () => {
      const ended = run(active1to1(), { type: 'leave', userId: alex.userId, at: T2 });

      expect(run(ended, startEvent({ callId: 'call-2' })).id).toBe('call-2');
    });

    it('is refused to a caller who is joined to another call: conflict', () => {
      expectRefusal(nextCall(null, startEvent({ busyUserIds: [camille.userId] })), 'conflict');
    });

    it('is refused when nobody else is in the conversation: conflict', () => {
      expectRefusal(nextCall(null, startEvent({ conversation: { id: 'conv-1', status: 'waiting', members: [camille] } })), 'conflict');
    });
  });

  describe('accept', () => {
    it('joins the accepting device, makes the call active and records when it was answered', () => {
      const call = active1to1();

      expect(call.status).toBe('active');
      expect(call.answeredAt).toBe(T1);
      expect(call.participants[1]).toEqual({ userId: alex.userId, displayName: 'Alex', state: 'joined', deviceId: 'dev-alex-1' });
    });

    it('keeps the first answer time when more members join', () => {
      const call = run(groupStart(), acceptEvent(alex, 'dev-alex-1'), acceptEvent(sam, 'dev-sam-1', { at: T2 }));

      expect(call.answeredAt).toBe(T1);
      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'joined', Sam: 'joined' });
    });

    it('lets a member who declined change their mind while the call is live', () => {
      const call = run(groupStart(), { type: 'decline', userId: sam.userId, at: T1 }, acceptEvent(alex, 'dev-alex-1'), acceptEvent(sam, 'dev-sam-1'));

      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'joined', Sam: 'joined' });
    });

    it('lets a member who missed the ringing join an active call', () => {
      const call = run(groupStart(), acceptEvent(alex, 'dev-alex-1'), { type: 'ringTimeout', at: T2 }, acceptEvent(sam, 'dev-sam-1'));

      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'joined', Sam: 'joined' });
    });

    it('lets a member who was busy join once free', () => {
      const start = run(null, startEvent({ conversation: { id: 'conv-1', status: 'active', members: [camille, alex, sam] }, busyUserIds: [sam.userId] }));

      const call = run(start, acceptEvent(alex, 'dev-alex-1'), acceptEvent(sam, 'dev-sam-1'));

      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'joined', Sam: 'joined' });
    });

    it('lets a participant who left join again', () => {
      const call = run(groupStart(), acceptEvent(alex, 'dev-alex-1'), acceptEvent(sam, 'dev-sam-1'), { type: 'leave', userId: sam.userId, at: T2 }, acceptEvent(sam, 'dev-sam-2'));

      expect(call.participants.find((p) => p.userId === sam.userId)).toMatchObject({ state: 'joined', deviceId: 'dev-sam-2' });
    });

    it('adds a member who was not rung (invited after the start) as a new participant', () => {
      const call = run(active1to1(), acceptEvent(sam, 'dev-sam-1'));

      expect(call.participants.at(-1)).toEqual({ userId: sam.userId, displayName: 'Sam', state: 'joined', deviceId: 'dev-sam-1' });
    });

    it('returns the very same call when the same device accepts again (a retry)', () => {
      const call = active1to1();

      expect(nextCall(call, acceptEvent(alex, 'dev-alex-1'))).toBe(call);
    });

    it('refuses a second device of a user who is joined on another one: conflict', () => {
      expectRefusal(nextCall(active1to1(), acceptEvent(alex, 'dev-alex-2')), 'conflict');
      expectRefusal(nextCall(ringing1to1(), acceptEvent(camille, 'dev-camille-2')), 'conflict');
    });

    it('moves a user to a new device when the device they are joined on is lost (a reloaded tab)', () => {
      const call = run(active1to1(), acceptEvent(alex, 'dev-alex-2', { lostDeviceIds: ['dev-alex-1'] }));

      expect(call.participants[1]).toMatchObject({ state: 'joined', deviceId: 'dev-alex-2' });
      expect(call.status).toBe('active');
    });

    it('is refused to a non-member: forbidden', () => {
      expectRefusal(nextCall(ringing1to1(), acceptEvent({ userId: 'u-stranger', displayName: 'X' }, 'dev-x')), 'forbidden');
    });

    it('is refused to a member joined to another call: conflict', () => {
      expectRefusal(nextCall(ringing1to1(), acceptEvent(alex, 'dev-alex-1', { inAnotherCall: true })), 'conflict');
    });

    it(`is refused when ${limits.callMaxParticipants} participants are already joined: conflict`, () => {
      const full = run(
        groupStart([camille, alex, sam, dana, eve]),
        acceptEvent(alex, 'dev-alex-1'),
        acceptEvent(sam, 'dev-sam-1'),
        acceptEvent(dana, 'dev-dana-1'),
      );

      expectRefusal(nextCall(full, acceptEvent(eve, 'dev-eve-1')), 'conflict');
    });
  });

  describe('decline', () => {
    it('ends a 1:1 call: nobody is left ringing and the caller is alone', () => {
      const call = run(ringing1to1(), { type: 'decline', userId: alex.userId, at: T1 });

      expect(call.status).toBe('ended');
      expect(call.endedAt).toBe(T1);
      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'declined' });
    });

    it('keeps a group call ringing while someone else still rings', () => {
      const call = run(groupStart(), { type: 'decline', userId: alex.userId, at: T1 });

      expect(call.status).toBe('ringing');
      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'declined', Sam: 'ringing' });
    });

    it('is refused when the call is not ringing for the user: conflict', () => {
      expectRefusal(nextCall(active1to1(), { type: 'decline', userId: alex.userId, at: T2 }), 'conflict');
      expectRefusal(nextCall(ringing1to1(), { type: 'decline', userId: camille.userId, at: T1 }), 'conflict');
    });

    it('is refused to someone who is not a participant: forbidden', () => {
      expectRefusal(nextCall(ringing1to1(), { type: 'decline', userId: sam.userId, at: T1 }), 'forbidden');
    });
  });

  describe('ring timeout', () => {
    it('marks whoever still rings missed and ends a call nobody answered', () => {
      const call = run(groupStart(), { type: 'decline', userId: alex.userId, at: T1 }, { type: 'ringTimeout', at: T2 });

      expect(call.status).toBe('ended');
      expect(call.endedAt).toBe(T2);
      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'declined', Sam: 'missed' });
    });

    it('keeps an answered call active, marking the members who did not answer missed', () => {
      const call = run(groupStart(), acceptEvent(alex, 'dev-alex-1'), { type: 'ringTimeout', at: T2 });

      expect(call.status).toBe('active');
      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'joined', Sam: 'missed' });
    });

    it('is refused when nobody rings any more: conflict', () => {
      expectRefusal(nextCall(active1to1(), { type: 'ringTimeout', at: T2 }), 'conflict');
    });
  });

  describe('busy', () => {
    it('stops the ringing for a user who joined another call, and ends a call with nobody else to ring', () => {
      const call = run(ringing1to1(), { type: 'busy', userId: alex.userId, at: T1 });

      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'busy' });
      expect(call.status).toBe('ended');
    });

    it('is refused when the call is not ringing for that user: conflict', () => {
      expectRefusal(nextCall(active1to1(), { type: 'busy', userId: alex.userId, at: T2 }), 'conflict');
    });
  });

  describe('leave', () => {
    it('by the caller while ringing cancels the call; the callees stay as they were (still ringing)', () => {
      const call = run(ringing1to1(), { type: 'leave', userId: camille.userId, at: T1 });

      expect(call.status).toBe('ended');
      expect(call.answeredAt).toBeNull();
      expect(call.participants).toEqual([
        { userId: camille.userId, displayName: 'Camille', state: 'left' },
        { userId: alex.userId, displayName: 'Alex', state: 'ringing' },
      ]);
    });

    it('ends a 1:1 call for both: one participant is left', () => {
      const call = run(active1to1(), { type: 'leave', userId: alex.userId, at: T2 });

      expect(call.status).toBe('ended');
      expect(call.endedAt).toBe(T2);
      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'left' });
    });

    it('keeps a call of three active when one leaves, and ends it when the second leaves', () => {
      const three = run(groupStart(), acceptEvent(alex, 'dev-alex-1'), acceptEvent(sam, 'dev-sam-1'));

      const two = run(three, { type: 'leave', userId: camille.userId, at: T2 });
      const one = run(two, { type: 'leave', userId: alex.userId, at: T2 });

      expect(two.status).toBe('active');
      expect(states(two)).toEqual({ Camille: 'left', Alex: 'joined', Sam: 'joined' });
      expect(one.status).toBe('ended');
    });

    it('ends an active call even if someone still rings once only one participant is joined', () => {
      const call = run(groupStart(), acceptEvent(alex, 'dev-alex-1'), { type: 'leave', userId: alex.userId, at: T2 });

      expect(call.status).toBe('ended');
      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'left', Sam: 'ringing' });
    });

    it('drops the device of whoever left: deviceId is present exactly while joined', () => {
      const three = run(groupStart(), acceptEvent(alex, 'dev-alex-1'), acceptEvent(sam, 'dev-sam-1'));

      const call = run(three, { type: 'leave', userId: sam.userId, at: T2 });

      expect(call.participants.find((p) => p.userId === sam.userId)).toEqual({ userId: sam.userId, displayName: 'Sam', state: 'left' });
    });

    it('is refused to a participant who is not joined: conflict', () => {
      expectRefusal(nextCall(ringing1to1(), { type: 'leave', userId: alex.userId, at: T1 }), 'conflict');
    });

    it('is refused to someone who is not a participant: forbidden', () => {
      expectRefusal(nextCall(active1to1(), { type: 'leave', userId: sam.userId, at: T1 }), 'forbidden');
    });
  });

  describe('device lost', () => {
    it('makes the participant joined on that device leave, ending a 1:1 call', () => {
      const call = run(active1to1(), { type: 'deviceLost', deviceId: 'dev-alex-1', at: T2 });

      expect(call.status).toBe('ended');
      expect(states(call)).toEqual({ Camille: 'joined', Alex: 'left' });
    });

    it("of the caller's device while ringing cancels the call", () => {
      const call = run(ringing1to1(), { type: 'deviceLost', deviceId: 'dev-camille-1', at: T1 });

      expect(call.status).toBe('ended');
      expect(states(call)).toEqual({ Camille: 'left', Alex: 'ringing' });
    });

    it('is refused for a device nobody is joined on: conflict', () => {
      expectRefusal(nextCall(active1to1(), { type: 'deviceLost', deviceId: 'dev-alex-2', at: T2 }), 'conflict');
    });
  });

  describe('an ended call', () => {
    const ended = () => run(active1to1(), { type: 'leave', userId: alex.userId, at: T2 });

    it.each<CallEvent>([
      acceptEvent(sam, 'dev-sam-1'),
      { type: 'decline', userId: alex.userId, at: T2 },
      { type: 'leave', userId: camille.userId, at: T2 },
      { type: 'ringTimeout', at: T2 },
      { type: 'deviceLost', deviceId: 'dev-camille-1', at: T2 },
      { type: 'busy', userId: alex.userId, at: T2 },
    ])('refuses $type: conflict', (event) => {
      expectRefusal(nextCall(ended(), event), 'conflict');
    });
  });

  it.each<CallEvent>([
    acceptEvent(alex, 'dev-alex-1'),
    { type: 'decline', userId: alex.userId, at: T1 },
    { type: 'leave', userId: alex.userId, at: T1 },
    { type: 'ringTimeout', at: T1 },
    { type: 'deviceLost', deviceId: 'dev-alex-1', at: T1 },
    { type: 'busy', userId: alex.userId, at: T1 },
  ])('answers not_found to $type without a call', (event) => {
    expectRefusal(nextCall(null, event), 'not_found');
  });

  it('never changes the call it is given, applied or refused', () => {
    const call = groupStart();
    const snapshot = structuredClone(call);

    nextCall(call, acceptEvent(alex, 'dev-alex-1'));
    nextCall(call, { type: 'decline', userId: alex.userId, at: T1 });
    nextCall(call, { type: 'leave', userId: camille.userId, at: T1 });
    nextCall(call, { type: 'ringTimeout', at: T1 });
    nextCall(call, acceptEvent({ userId: 'u-stranger', displayName: 'X' }, 'dev-x'));

    expect(call).toEqual(snapshot);
  });
});
