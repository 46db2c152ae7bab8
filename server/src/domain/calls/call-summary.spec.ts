import { describe, expect, it } from 'vitest';
import type { Call, CallParticipant } from '@ycyw/protocol';
import { describeCall, formatDuration, summarizeCall } from './call-summary.js';

function endedCall(participants: CallParticipant[], overrides: Partial<Call> = {}): Call {
  return {
    id: 'call-1',
    conversationId: 'conv-1',
    media: 'video',
    status: 'ended',
    startedBy: 'u-camille',
    participants,
    createdAt: '2026-11-25T10:00:00.000Z',
    answeredAt: null,
    endedAt: '2026-11-25T10:00:20.000Z',
    ...overrides,
  };
}

const caller = (state: CallParticipant['state']): CallParticipant => ({ userId: 'u-camille', displayName: 'Camille', state });
const callee = (state: CallParticipant['state'], name = 'Alex'): CallParticipant => ({ userId: `u-${name}`, displayName: name, state });

describe('summarizeCall', () => {
  it('an answered call: its duration from the first answer to the end, and everyone who joined', () => {
    const call = endedCall([caller('joined'), callee('left'), callee('missed', 'Sam')], {
      answeredAt: '2026-11-25T10:00:05.000Z',
      endedAt: '2026-11-25T10:02:10.000Z',
    });

    expect(summarizeCall(call)).toEqual({
      callId: 'call-1',
      media: 'video',
      outcome: 'answered',
      startedBy: 'u-camille',
      durationSeconds: 125,
      joined: ['Camille', 'Alex'],
    });
  });

  it('cancelled when the caller hung up while someone still rang', () => {
    expect(summarizeCall(endedCall([caller('left'), callee('ringing')]))).toMatchObject({
      outcome: 'cancelled',
      durationSeconds: null,
      joined: ['Camille'],
    });
  });

  it('declined when nobody answered and someone declined', () => {
    expect(summarizeCall(endedCall([caller('joined'), callee('declined'), callee('missed', 'Sam')])).outcome).toBe('declined');
  });

  it('missed when nobody answered in time, or everyone was busy', () => {
    expect(summarizeCall(endedCall([caller('joined'), callee('missed')])).outcome).toBe('missed');
    expect(summarizeCall(endedCall([caller('joined'), callee('busy')])).outcome).toBe('missed');
  });
});

describe('describeCall', () => {
  const summary = { callId: 'c', startedBy: 'u', joined: [] };

  it.each([
    [{ ...summary, media: 'video', outcome: 'answered', durationSeconds: 125 }, 'Video call, 2 min 5 s'],
    [{ ...summary, media: 'audio', outcome: 'answered', durationSeconds: 42 }, 'Audio call, 42 s'],
    [{ ...summary, media: 'audio', outcome: 'missed', durationSeconds: null }, 'Missed audio call'],
    [{ ...summary, media: 'video', outcome: 'declined', durationSeconds: null }, 'Declined video call'],
    [{ ...summary, media: 'video', outcome: 'cancelled', durationSeconds: null }, 'Cancelled video call'],
  ] as const)('%j reads "%s"', (input, text) => {
    expect(describeCall(input)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [59, '59 s'],
    [60, '1 min 0 s'],
    [125, '2 min 5 s'],
    [3725, '1 h 2 min 5 s'],
  ])('%i seconds reads "%s"', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
