import type { Call, CallParticipant } from '@ycyw/protocol';
import { idle, nextCallPhase, remoteDevices, type CallPhase, type CallSelf } from './call-state';

const customer: CallSelf = { userId: 'u-customer', deviceId: 'dev-c1' };
const agent: CallSelf = { userId: 'u-agent', deviceId: 'dev-a1' };

function participant(self: CallSelf, state: CallParticipant['state'], deviceId?: string): CallParticipant {
  return { userId: self.userId, displayName: self.userId, state, ...(deviceId ? { deviceId } : {}) };
}

function call(overrides: Partial<Call> & Pick<Call, 'participants'>): Call {
  return {
    id: 'call-1',
    conversationId: 'c1',
    media: 'video',
    status: 'ringing',
    startedBy: customer.userId,
    createdAt: '2026-01-01T12:00:00.000Z',
    answeredAt: null,
    endedAt: null,
    ...overrides,
  };
}

const ringing = call({ participants: [participant(customer, 'joined', 'dev-c1'), participant(agent, 'ringing')] });
const answered = call({
  status: 'active',
  participants: [participant(customer, 'joined', 'dev-c1'), participant(agent, 'joined', 'dev-a1')],
});
const ended = { ...answered, status: 'ended' as const, participants: answered.participants.map((p) => ({ ...p, state: 'left' as const })) };

describe('nextCallPhase', () => {
  it('the caller’s tab is calling until someone joins, then in the call', () => {
    let phase = nextCallPhase(idle, { type: 'updated', call: ringing }, customer);
    expect(phase).toEqual({ kind: 'calling', call: ringing });
    phase = nextCallPhase(phase, { type: 'updated', call: answered }, customer);
    expect(phase).toEqual({ kind: 'in-call', call: answered });
  });

  it('an incoming call rings, and accepting on this tab puts it in the call', () => {
    let phase = nextCallPhase(idle, { type: 'incoming', call: ringing }, agent);
    expect(phase.kind).toBe('ringing-in');
    phase = nextCallPhase(phase, { type: 'updated', call: answered }, agent);
    expect(phase.kind).toBe('in-call');
  });

  it('stops ringing on this tab when another tab of the same user answers', () => {
    const phase = nextCallPhase(idle, { type: 'incoming', call: ringing }, agent);
    const elsewhere = call({ ...answered, participants: [participant(customer, 'joined', 'dev-c1'), participant(agent, 'joined', 'dev-a2')] });
    expect(nextCallPhase(phase, { type: 'updated', call: elsewhere }, agent)).toEqual(idle);
  });

  it('a declined ring goes back to idle, without an ended notice', () => {
    const phase = nextCallPhase(idle, { type: 'incoming', call: ringing }, agent);
    const declined = call({ participants: [participant(customer, 'joined', 'dev-c1'), participant(agent, 'declined')] });
    expect(nextCallPhase(phase, { type: 'updated', call: declined }, agent)).toEqual(idle);
    expect(nextCallPhase(phase, { type: 'ended', call: { ...declined, status: 'ended' } }, agent)).toEqual(idle);
  });

  it('a call this tab was in ends with a notice that is dismissed to idle', () => {
    const inCall: CallPhase = { kind: 'in-call', call: answered };
    const phase = nextCallPhase(inCall, { type: 'ended', call: ended }, customer);
    expect(phase).toEqual({ kind: 'ended', call: ended });
    expect(nextCallPhase(phase, { type: 'dismissed' }, customer)).toEqual(idle);
  });

  it('ignores late events about a call that already ended here', () => {
    const phase: CallPhase = { kind: 'ended', call: ended };
    expect(nextCallPhase(phase, { type: 'updated', call: answered }, customer)).toBe(phase);
  });

  it('ignores another call while this tab is engaged in one', () => {
    const inCall: CallPhase = { kind: 'in-call', call: answered };
    const other = call({ id: 'call-2', participants: [participant(agent, 'joined', 'dev-a9'), participant(customer, 'ringing')] });
    expect(nextCallPhase(inCall, { type: 'incoming', call: other }, customer)).toBe(inCall);
  });

  it('a ringing call reported after a reconnection rings too', () => {
    expect(nextCallPhase(idle, { type: 'updated', call: ringing }, agent).kind).toBe('ringing-in');
  });

  it('dismissing anything but an ended notice changes nothing', () => {
    const inCall: CallPhase = { kind: 'in-call', call: answered };
    expect(nextCallPhase(inCall, { type: 'dismissed' }, customer)).toBe(inCall);
  });

  it('without a device id yet, a tab is never joined here', () => {
    expect(nextCallPhase(idle, { type: 'updated', call: answered }, { ...customer, deviceId: null })).toEqual(idle);
  });
});

describe('remoteDevices', () => {
  it('lists the other members’ joined devices only', () => {
    const mesh = call({
      status: 'active',
      participants: [
        participant(customer, 'joined', 'dev-c1'),
        participant(agent, 'joined', 'dev-a1'),
        { userId: 'u-sup', displayName: 'Sup', state: 'ringing' },
        { userId: 'u-x', displayName: 'X', state: 'left', deviceId: 'dev-x' },
      ],
    });
    expect(remoteDevices(mesh, customer)).toEqual([{ userId: 'u-agent', displayName: 'u-agent', deviceId: 'dev-a1' }]);
  });
});
