import type { Call, CallParticipant } from '@ycyw/protocol';

/** Who this tab is: the signed-in user and the device id the server gave this connection. */
export interface CallSelf {
  readonly userId: string;
  readonly deviceId: string | null;
}

/**
 * Where this tab stands with calls. Only one call at a time engages a tab; the server keeps the truth
 * (every event carries the whole call), so each phase holds the latest snapshot of that call.
 * - `ringing-in`: someone calls this user and this tab may answer.
 * - `calling`: this tab started (or joined) the call and nobody else has joined yet.
 * - `in-call`: this tab is joined and at least one other member is too.
 * - `ended`: the call this tab was in has just ended (shown briefly, then `dismissed`).
 */
export type CallPhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'ringing-in'; readonly call: Call }
  | { readonly kind: 'calling'; readonly call: Call }
  | { readonly kind: 'in-call'; readonly call: Call }
  | { readonly kind: 'ended'; readonly call: Call };

/** What moves the phase: server events and acknowledgements (each with the call as it now is), or the UI. */
export type CallPhaseEvent =
  | { readonly type: 'incoming'; readonly call: Call }
  | { readonly type: 'updated'; readonly call: Call }
  | { readonly type: 'ended'; readonly call: Call }
  | { readonly type: 'dismissed' };

export const idle: CallPhase = { kind: 'idle' };

/** This tab's participant entry in a call, if the signed-in user takes part in it. */
export function selfIn(call: Call, self: CallSelf): CallParticipant | undefined {
  return call.participants.find((participant) => participant.userId === self.userId);
}

/** Whether this very tab (not another tab of the same user) is joined to the call. */
export function joinedHere(call: Call, self: CallSelf): boolean {
  const mine = selfIn(call, self);
  return self.deviceId !== null && mine?.state === 'joined' && mine.deviceId === self.deviceId;
}

/** The other members' joined devices: the peers this tab must be connected to. */
export function remoteDevices(call: Call, self: CallSelf): { userId: string; displayName: string; deviceId: string }[] {
  if (call.status === 'ended') return [];
  return call.participants.flatMap((p) =>
    p.state === 'joined' && p.deviceId !== undefined && p.deviceId !== self.deviceId && p.userId !== self.userId
      ? [{ userId: p.userId, displayName: p.displayName, deviceId: p.deviceId }]
      : [],
  );
}

/**
 * The one function that moves a tab's call phase. Events about another call than the one engaging the tab
 * are ignored (the server answers `busy` for a second call), and so are late events about a call that has
 * already ended here.
 */
export function nextCallPhase(phase: CallPhase, event: CallPhaseEvent, self: CallSelf): CallPhase {
  if (event.type === 'dismissed') return phase.kind === 'ended' ? idle : phase;

  const { call } = event;
  const current = phase.kind === 'idle' ? null : phase.call;
  const engaged = phase.kind === 'ringing-in' || phase.kind === 'calling' || phase.kind === 'in-call';
  if (engaged && current !== null && current.id !== call.id) return phase;
  if (phase.kind === 'ended' && current?.id === call.id) return phase;

  if (event.type === 'ended' || call.status === 'ended') {
    // Only a call this tab was part of leaves an "ended" notice; an unanswered ring just stops.
    return phase.kind === 'calling' || phase.kind === 'in-call' ? { kind: 'ended', call: { ...call, status: 'ended' } } : idle;
  }
  if (joinedHere(call, self)) {
    const othersJoined = remoteDevices(call, self).length > 0;
    return othersJoined ? { kind: 'in-call', call } : { kind: 'calling', call };
  }
  const mine = selfIn(call, self);
  // Ringing is per user: it stops on this tab when another tab of the same user answers or declines.
  // A call still ringing after a reconnection comes as `updated`, and rings all the same.
  return mine?.state === 'ringing' ? { kind: 'ringing-in', call } : idle;
}
