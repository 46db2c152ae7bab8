import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Call, CallParticipant, ClientToServerEvents } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { FakeSocketService } from '../core/fake-socket-service';
import { SocketService } from '../core/socket-service';
import { CallService } from './call-service';
import { FakePeerConnection, FakeTrack, installFakeWebRtc } from './fake-peer-connection';
import { IceServers } from './ice-servers';
import { MediaDevices } from './media-devices';

const me = { id: 'u-me', email: 'me@example.com', displayName: 'Me', role: 'customer' as const };

function participant(userId: string, state: CallParticipant['state'], deviceId?: string): CallParticipant {
  return { userId, displayName: userId, state, ...(deviceId ? { deviceId } : {}) };
}

function call(participants: CallParticipant[], overrides: Partial<Call> = {}): Call {
  const joined = participants.filter((p) => p.state === 'joined').length;
  return {
    id: 'call-1',
    conversationId: 'c1',
    media: 'video',
    status: joined >= 2 ? 'active' : 'ringing',
    startedBy: 'u-me',
    createdAt: '2026-01-01T12:00:00.000Z',
    answeredAt: joined >= 2 ? '2026-01-01T12:00:05.000Z' : null,
    endedAt: null,
    participants,
    ...overrides,
  };
}

/** The local side as the call service sees it: tracks as signals, a capture that succeeds or fails. */
class FakeMediaDevices {
  readonly audio = signal<MediaStreamTrack | null>(null);
  readonly camera = signal<MediaStreamTrack | null>(null);
  readonly screen = signal<MediaStreamTrack | null>(null);
  failWith: string | null = null;
  captures: string[] = [];
  released = 0;
  async capture(mode: string): Promise<string> {
    this.captures.push(mode);
    if (this.failWith) throw new DOMException('no', this.failWith);
    this.audio.set(new FakeTrack('audio') as unknown as MediaStreamTrack);
    if (mode === 'audio-video') this.camera.set(new FakeTrack('video') as unknown as MediaStreamTrack);
    return mode;
  }
  clearProblem(): void {}
  release(): void {
    this.released += 1;
    this.audio.set(null);
    this.camera.set(null);
    this.screen.set(null);
  }
}

describe('CallService', () => {
  let socket: FakeSocketService;
  let media: FakeMediaDevices;
  let calls: CallService;
  let restore: () => void;
  const sent = <E extends keyof ClientToServerEvents>(event: E) => socket.sent.filter((s) => s.event === event);

  beforeEach(() => {
    restore = installFakeWebRtc();
    socket = new FakeSocketService();
    media = new FakeMediaDevices();
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: AuthService, useValue: { user: signal(me), onSignOut: () => () => undefined } },
        { provide: MediaDevices, useValue: media },
        { provide: IceServers, useValue: { current: [], load: async () => [], stop: () => undefined } },
      ],
    });
    calls = TestBed.inject(CallService);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    restore();
  });

  it('starting a call captures camera and microphone first, then asks the server, and shows it as calling', async () => {
    const ringing = call([participant('u-me', 'joined', 'device-me'), participant('u-agent', 'ringing')]);
    socket.respond = async () => ({ ok: true, call: ringing });

    await calls.start('c1', 'video');

    expect(media.captures).toEqual(['audio-video']);
    expect(sent('call:start')).toEqual([{ event: 'call:start', payload: { conversationId: 'c1', media: 'video' } }]);
    expect(calls.phase().kind).toBe('calling');
    expect(calls.remotes()).toEqual([]);
  });

  it('the caller hears the 425 Hz ringback while the others ring, and it stops once someone joins', async () => {
    const tones = installFakeAudio();
    try {
      const ringing = call([participant('u-me', 'joined', 'device-me'), participant('u-agent', 'ringing')]);
      socket.respond = async () => ({ ok: true, call: ringing });
      await calls.start('c1', 'video');
      TestBed.tick();
      expect(tones.playing()).toEqual([[425]]);

      socket.receive('call:updated', { call: call([participant('u-me', 'joined', 'device-me'), participant('u-agent', 'joined', 'device-agent')]) });
      TestBed.tick();
      expect(tones.playing()).toEqual([]);
    } finally {
      tones.restore();
    }
  });

  it('an incoming call rings with 440 + 480 Hz until it is declined', async () => {
    const tones = installFakeAudio();
    try {
      const incoming = call([participant('u-agent', 'joined', 'device-agent'), participant('u-me', 'ringing')]);
      socket.receive('call:incoming', { call: incoming });
      TestBed.tick();
      expect(tones.playing()).toEqual([[440, 480]]);

      socket.respond = async () => ({ ok: true, call: call([participant('u-agent', 'joined', 'device-agent'), participant('u-me', 'declined')]) });
      await calls.decline();
      TestBed.tick();
      expect(tones.playing()).toEqual([]);
    } finally {
      tones.restore();
    }
  });

  it('does not ring anyone when the camera or microphone cannot be captured, and keeps the choice open', async () => {
    media.failWith = 'NotAllowedError';
    await calls.start('c1', 'video');
    expect(sent('call:start')).toEqual([]);
    expect(calls.phase().kind).toBe('idle');

    // The person chooses to go on receive-only.
    media.failWith = null;
    socket.respond = async () => ({ ok: true, call: call([participant('u-me', 'joined', 'device-me'), participant('u-agent', 'ringing')]) });
    await calls.continueWith('none');
    expect(media.captures.at(-1)).toBe('none');
    expect(sent('call:start')).toHaveLength(1);
  });

  it('in a mesh, makes one link per other joined device, and closes the link of a device that leaves', async () => {
    socket.receive('call:updated', {
      call: call([participant('u-me', 'joined', 'device-me'), participant('u-a', 'joined', 'device-a'), participant('u-b', 'joined', 'device-z')]),
    });
    expect(calls.phase().kind).toBe('in-call');
    expect(calls.remotes().map((r) => r.deviceId)).toEqual(['device-a', 'device-z']);
    // "device-me" sorts after "device-a" (so we are impolite to it) and before "device-z" (polite).
    expect(calls.remotes().map((r) => r.link.polite)).toEqual([false, true]);
    const [linkA, linkB] = calls.remotes().map((r) => r.link);

    socket.receive('call:updated', {
      call: call([participant('u-me', 'joined', 'device-me'), participant('u-a', 'joined', 'device-a'), participant('u-b', 'left')]),
    });
    expect(calls.remotes().map((r) => r.deviceId)).toEqual(['device-a']);
    expect(linkB!.closed).toBe(true);
    expect(linkA!.closed).toBe(false);
  });

  it('closes every link and stops the local media when the call ends', async () => {
    const active = call([participant('u-me', 'joined', 'device-me'), participant('u-a', 'joined', 'device-a')]);
    socket.receive('call:updated', { call: active });
    const [link] = calls.remotes().map((r) => r.link);

    socket.receive('call:ended', { call: { ...active, status: 'ended', endedAt: '2026-01-01T12:01:00.000Z' } });

    expect(calls.phase().kind).toBe('ended');
    expect(link!.closed).toBe(true);
    expect(media.released).toBeGreaterThan(0);
  });

  it('sends every signal of a link to its device in this call', async () => {
    socket.respond = async () => ({ ok: true });
    socket.receive('call:updated', { call: call([participant('u-me', 'joined', 'device-me'), participant('u-a', 'joined', 'device-a')]) });
    await vi.waitFor(() => expect(sent('signal').length).toBeGreaterThan(0));
    const signals = sent('signal').map((s) => s.payload as { callId: string; to: string; description?: { type: string } });
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((s) => s.callId === 'call-1' && s.to === 'device-a')).toBe(true);
    // We are impolite to device-a: we open with an offer.
    expect(signals[0]!.description?.type).toBe('offer');
  });

  it('applies a signal that arrived before its link existed once the link is made', async () => {
    const offer = { type: 'offer' as const, sdp: JSON.stringify({ ufrag: 'x', media: [] }) };
    socket.receive('signal', { callId: 'call-1', from: 'device-z', description: offer });
    socket.receive('call:updated', { call: call([participant('u-me', 'joined', 'device-me'), participant('u-z', 'joined', 'device-z')]) });
    const pc = FakePeerConnection.all.at(-1)!;
    await vi.waitFor(() => expect(pc.remoteDescription?.sdp).toBe(offer.sdp));
  });

  it('restarts ICE on every link when the browser comes back online', () => {
    socket.receive('call:updated', {
      call: call([participant('u-me', 'joined', 'device-me'), participant('u-a', 'joined', 'device-a'), participant('u-b', 'joined', 'device-b')]),
    });
    globalThis.dispatchEvent(new Event('online'));
    expect(FakePeerConnection.all.map((pc) => pc.restarts)).toEqual([1, 1]);
  });

  it('an incoming call rings until declined, and declining tells the server', async () => {
    const ringing = call([participant('u-agent', 'joined', 'device-agent'), participant('u-me', 'ringing')], { startedBy: 'u-agent' });
    socket.receive('call:incoming', { call: ringing });
    expect(calls.incomingCall()?.id).toBe('call-1');

    socket.respond = async () => ({ ok: true, call: { ...ringing, status: 'ended', participants: [ringing.participants[0]!, participant('u-me', 'declined')] } });
    await calls.decline();
    expect(sent('call:decline')).toEqual([{ event: 'call:decline', payload: { callId: 'call-1' } }]);
    expect(calls.phase().kind).toBe('idle');
  });

  it('hanging up leaves the call on this tab even when the server cannot be reached', async () => {
    socket.receive('call:updated', { call: call([participant('u-me', 'joined', 'device-me'), participant('u-a', 'joined', 'device-a')]) });
    socket.drop();
    await calls.hangUp();
    expect(calls.activeCall()).toBeNull();
    expect(calls.remotes()).toEqual([]);
  });

  it('tells the caller at once when everyone they call is busy', async () => {
    socket.respond = async () => ({
      ok: true,
      call: call([participant('u-me', 'joined', 'device-me'), { ...participant('u-agent', 'busy'), displayName: 'Alice' }], { status: 'ended' }),
    });
    await calls.start('c1', 'audio');
    expect(calls.notice()).toBe('Alice is busy in another call.');
    expect(calls.activeCall()).toBeNull();
  });

  it('offers "Join call" for a live call of the conversation that this tab is not in', () => {
    const live = call([participant('u-a', 'joined', 'device-a'), participant('u-b', 'joined', 'device-b'), participant('u-me', 'declined')]);
    socket.receive('call:updated', { call: live });
    expect(calls.joinableCallIn('c1')?.id).toBe('call-1');
    socket.receive('call:ended', { call: { ...live, status: 'ended' } });
    expect(calls.joinableCallIn('c1')).toBeNull();
  });
});

/** A stand-in for WebAudio: which sets of frequencies sound in contexts that are still open. */
function installFakeAudio() {
  const contexts: { closed: boolean; frequencies: number[][] }[] = [];
  class FakeAudioContext {
    readonly currentTime = 0;
    readonly destination = {};
    readonly #record = { closed: false, frequencies: [] as number[][] };
    constructor() {
      contexts.push(this.#record);
    }
    resume() {
      return Promise.resolve();
    }
    close() {
      this.#record.closed = true;
      return Promise.resolve();
    }
    // playTones connects a gain to the output, then its oscillators to the gain: one burst per gain.
    createGain() {
      return { gain: { value: 0 }, connect: () => this.#record.frequencies.push([]) };
    }
    createOscillator() {
      const oscillator = {
        frequency: { value: 0 },
        connect: () => this.#record.frequencies.at(-1)?.push(oscillator.frequency.value),
        start: () => undefined,
        stop: () => undefined,
      };
      return oscillator;
    }
  }
  const globals = globalThis as Record<string, unknown>;
  const saved = globals['AudioContext'];
  globals['AudioContext'] = FakeAudioContext;
  return {
    /** The tones of each open context (its first burst). */
    playing: () => contexts.filter((c) => !c.closed).map((c) => c.frequencies[0] ?? []),
    restore: () => {
      globals['AudioContext'] = saved;
    },
  };
}
