import { FakePeerConnection, FakeTrack, installFakeWebRtc } from './fake-peer-connection';
import { PeerLink, type LocalTracks, type OutgoingSignal } from './peer-link';

interface Side {
  link: PeerLink;
  pc: FakePeerConnection;
  sent: OutgoingSignal[];
  errors: unknown[];
}

/** Two links wired to each other through an asynchronous, in-order channel, as the server relays them. */
function connectedPair({ deliver = true } = {}): { polite: Side; impolite: Side } {
  const sides: Side[] = [];
  const make = (polite: boolean, remoteDeviceId: string): Side => {
    const side = { sent: [] as OutgoingSignal[], errors: [] as unknown[] } as Side;
    side.link = new PeerLink({
      remoteDeviceId,
      polite,
      iceServers: [],
      send: (signal) => {
        side.sent.push(signal);
        const other = sides.find((s) => s !== side)!;
        if (deliver) {
          inFlight += 1;
          setTimeout(() => {
            void other.link.receive(signal).finally(() => (inFlight -= 1));
          }, 1);
        }
      },
      createPeerConnection: (configuration) => {
        side.pc = new FakePeerConnection(configuration);
        return side.pc as unknown as RTCPeerConnection;
      },
      log: (message, error) => side.errors.push({ message, error }),
    });
    sides.push(side);
    return side;
  };
  // Device "a" sorts lower than "b": a is the polite one.
  return { polite: make(true, 'b'), impolite: make(false, 'a') };
}

function tracks(overrides: Partial<LocalTracks> = {}): LocalTracks {
  return {
    audio: new FakeTrack('audio') as unknown as MediaStreamTrack,
    camera: new FakeTrack('video') as unknown as MediaStreamTrack,
    screen: null,
    ...overrides,
  };
}

let inFlight = 0;
/**
 * Resolves once the exchange in progress has run its course: no signal on the wire and no operation
 * pending on any connection, several checks in a row (a negotiationneeded may follow an operation).
 */
async function settle(): Promise<void> {
  const started = Date.now();
  let quietChecks = 0;
  while (quietChecks < 5 && Date.now() - started < 5000) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const idle = inFlight === 0 && FakePeerConnection.all.every((pc) => pc.pendingOperations === 0);
    quietChecks = idle ? quietChecks + 1 : 0;
  }
}
const offers = (side: Side) => side.sent.filter((s) => s.description?.type === 'offer').length;

describe('PeerLink', () => {
  let restore: () => void;
  beforeEach(() => {
    restore = installFakeWebRtc();
    inFlight = 0;
  });
  afterEach(() => restore());

  it('a new pair opens with one offer from the impolite side, the polite side’s media riding in the answer', async () => {
    const { polite, impolite } = connectedPair();
    void polite.link.setLocalTracks(tracks());
    void impolite.link.setLocalTracks(tracks());
    await settle();

    expect(offers(impolite)).toBe(1);
    expect(offers(polite)).toBe(0);
    for (const side of [polite, impolite]) {
      expect(side.errors).toEqual([]);
      expect(side.pc.signalingState).toBe('stable');
      expect(side.link.remoteStream().getTracks().map((t) => t.kind).sort()).toEqual(['audio', 'video']);
      expect(side.link.remoteScreen()).toBeNull();
    }
  });

  it('the impolite side opens even with nothing to send, and the polite side still sends', async () => {
    const { polite, impolite } = connectedPair();
    void polite.link.setLocalTracks(tracks());
    void impolite.link.setLocalTracks(tracks({ audio: null, camera: null }));
    await settle();
    expect(offers(impolite)).toBe(1);
    expect(impolite.link.remoteStream().getTracks()).toHaveLength(2);
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('the polite side adds its tracks before the first offer arrives, and they ride in its answer', async () => {
    const { polite, impolite } = connectedPair({ deliver: false });
    void polite.link.setLocalTracks(tracks());
    void impolite.link.setLocalTracks(tracks());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sending = () => polite.pc.getTransceivers().flatMap((t) => (t.sender.track ? [t.sender.track.kind] : []));
    expect(sending().sort()).toEqual(['audio', 'video']);
    expect(offers(polite)).toBe(0);

    const offer = impolite.sent.find((s) => s.description?.type === 'offer')!;
    await polite.link.receive(offer);
    await impolite.link.receive(polite.sent.find((s) => s.description?.type === 'answer')!);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(polite.pc.getTransceivers()).toHaveLength(2);
    expect(impolite.link.remoteStream().getTracks().map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    expect(offers(polite)).toBe(0);
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('without an offer in time, the polite side offers its own tracks', async () => {
    const { polite } = connectedPair({ deliver: false });
    void polite.link.setLocalTracks(tracks());
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(offers(polite)).toBe(1);
  });

  it('when both sides renegotiate at the same instant (glare), both end stable with each other’s screen, without an error', async () => {
    const { polite, impolite } = connectedPair();
    const mine = tracks();
    const theirs = tracks();
    void polite.link.setLocalTracks(mine);
    void impolite.link.setLocalTracks(theirs);
    await settle();

    void polite.link.setLocalTracks({ ...mine, screen: new FakeTrack('video') as unknown as MediaStreamTrack });
    void impolite.link.setLocalTracks({ ...theirs, screen: new FakeTrack('video') as unknown as MediaStreamTrack });
    await settle();

    expect(offers(polite)).toBeGreaterThan(0);
    expect(offers(impolite)).toBeGreaterThan(1);
    for (const side of [polite, impolite]) {
      expect(side.errors).toEqual([]);
      expect(side.pc.signalingState).toBe('stable');
      expect(side.link.remoteStream().getTracks()).toHaveLength(2);
      expect(side.link.remoteScreen()?.getTracks()).toHaveLength(1);
    }
  });

  it('sends every candidate as found, then the end-of-candidates null', async () => {
    const { impolite } = connectedPair();
    void impolite.link.setLocalTracks(tracks());
    await settle();
    const candidates = impolite.sent.filter((s) => s.candidate !== undefined).map((s) => s.candidate);
    expect(candidates.at(-1)).toBeNull();
    expect(candidates[0]).toMatchObject({ candidate: expect.stringContaining('typ host'), sdpMid: 'm0' });
  });

  it('adds the candidates that arrive while a description is applied after it, all of them, in order', async () => {
    const { polite, impolite } = connectedPair();
    const addedWhileDescribing: string[] = [];
    for (const side of [polite, impolite]) {
      const pc = side.pc;
      let describing = 0;
      const during = <A extends unknown[]>(step: (...args: A) => Promise<void>) => (...args: A) => {
        describing += 1;
        return step(...args).finally(() => (describing -= 1));
      };
      pc.setRemoteDescription = during(pc.setRemoteDescription.bind(pc));
      pc.setLocalDescription = during(pc.setLocalDescription.bind(pc));
      const addIceCandidate = pc.addIceCandidate.bind(pc);
      pc.addIceCandidate = (candidate) => {
        if (describing > 0) addedWhileDescribing.push(candidate?.candidate ?? 'end');
        return addIceCandidate(candidate);
      };
    }
    void polite.link.setLocalTracks(tracks());
    void impolite.link.setLocalTracks(tracks());
    await settle();

    expect(addedWhileDescribing).toEqual([]);
    for (const [side, other] of [[polite, impolite], [impolite, polite]] as const) {
      const sent = other.sent.flatMap((s) => (s.candidate ? [s.candidate.candidate] : []));
      expect(sent.length).toBeGreaterThan(0);
      expect(side.pc.addedCandidates.flatMap((c) => (c?.candidate ? [c.candidate] : []))).toEqual(sent);
      expect(side.errors).toEqual([]);
    }
  });

  it('takes an end-of-candidates null as a hint, never an error, even before any description', async () => {
    const { polite } = connectedPair();
    await polite.link.receive({ candidate: null });
    expect(polite.errors).toEqual([]);
  });

  it('the impolite side ignores a colliding offer, and the candidates that belong to it are no error', async () => {
    const { impolite } = connectedPair({ deliver: false });
    void impolite.link.setLocalTracks(tracks());
    await settle();
    expect(impolite.pc.signalingState).toBe('have-local-offer');

    const theirs = JSON.stringify({ ufrag: 'theirs', media: [{ mid: 'x0', kind: 'audio', sending: { trackId: 't', streamId: 's' } }] });
    await impolite.link.receive({ description: { type: 'offer', sdp: theirs } });
    await impolite.link.receive({ candidate: { candidate: 'candidate:9 1 udp 1 192.0.2.9 9 typ host', sdpMid: 'x0', usernameFragment: 'theirs' } });

    expect(impolite.pc.signalingState).toBe('have-local-offer');
    expect(impolite.errors).toEqual([]);
  });

  it('reports a candidate that fails while no offer is being ignored', async () => {
    const { polite, impolite } = connectedPair();
    void impolite.link.setLocalTracks(tracks());
    await settle();
    await polite.link.receive({ candidate: { candidate: 'candidate:9 1 udp 1 192.0.2.9 9 typ host', sdpMid: 'm0', usernameFragment: 'stale' } });
    expect(polite.errors).toHaveLength(1);
  });

  it('switches camera with replaceTrack, without renegotiating', async () => {
    const { polite, impolite } = connectedPair();
    const first = tracks();
    void polite.link.setLocalTracks(first);
    void impolite.link.setLocalTracks(tracks());
    await settle();
    const before = offers(polite) + offers(impolite);

    const newCamera = new FakeTrack('video') as unknown as MediaStreamTrack;
    await polite.link.setLocalTracks({ ...first, camera: newCamera });
    await settle();

    expect(offers(polite) + offers(impolite)).toBe(before);
    expect(polite.pc.getTransceivers().some((t) => t.sender.track === (newCamera as unknown))).toBe(true);
  });

  it('a screen share added mid-call reaches the other side as a separate screen stream, and goes away when stopped', async () => {
    const { polite, impolite } = connectedPair();
    const base = tracks();
    void polite.link.setLocalTracks(base);
    void impolite.link.setLocalTracks(tracks());
    await settle();

    const screen = new FakeTrack('video') as unknown as MediaStreamTrack;
    await impolite.link.setLocalTracks({ ...base, screen });
    await settle();
    expect(polite.link.remoteScreen()?.getTracks()).toHaveLength(1);
    expect(polite.link.remoteStream().getTracks()).toHaveLength(2);

    await impolite.link.setLocalTracks({ ...base, screen: null });
    await settle();
    expect(polite.link.remoteScreen()).toBeNull();
    expect(polite.link.remoteStream().getTracks()).toHaveLength(2);

    // Sharing again is a new track on the other side.
    const first = polite.pc.getTransceivers().find((t) => t.currentDirection === 'stopped')?.receiver.track;
    await impolite.link.setLocalTracks({ ...base, screen: new FakeTrack('video') as unknown as MediaStreamTrack });
    await settle();
    expect(polite.link.remoteScreen()?.getTracks()).toHaveLength(1);
    expect(polite.link.remoteScreen()?.getTracks()[0]).not.toBe(first);
    expect(first?.readyState).toBe('ended');
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('restarts ICE at once when it fails, and after three seconds disconnected, not for a short blip', () => {
    vi.useFakeTimers();
    try {
      const { polite } = connectedPair();
      polite.pc.setIceState('failed');
      expect(polite.pc.restarts).toBe(1);

      polite.pc.setIceState('disconnected');
      vi.advanceTimersByTime(2000);
      polite.pc.setIceState('connected');
      vi.advanceTimersByTime(5000);
      expect(polite.pc.restarts).toBe(1);

      polite.pc.setIceState('disconnected');
      vi.advanceTimersByTime(3000);
      expect(polite.pc.restarts).toBe(2);
      expect(polite.link.iceRestarts()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an ICE restart renegotiates new credentials through the usual offer', async () => {
    const { polite, impolite } = connectedPair();
    void impolite.link.setLocalTracks(tracks());
    await settle();
    const before = offers(impolite);
    impolite.link.restartIce();
    await settle();
    expect(offers(impolite)).toBe(before + 1);
    expect(polite.pc.signalingState).toBe('stable');
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('closing is idempotent, stops the received tracks, and later signals are ignored', async () => {
    const { polite, impolite } = connectedPair();
    void polite.link.setLocalTracks(tracks());
    void impolite.link.setLocalTracks(tracks());
    await settle();
    const received = polite.pc.getTransceivers().map((t) => t.receiver.track);

    polite.link.close();
    polite.link.close();
    await polite.link.receive({ candidate: null });

    expect(polite.link.closed).toBe(true);
    expect(polite.link.connectionState()).toBe('closed');
    expect(received.every((track) => track.readyState === 'ended')).toBe(true);
    expect(polite.link.remoteStream().getTracks()).toEqual([]);
    expect(polite.errors).toEqual([]);
  });

  it('new ICE servers apply to the existing connection', () => {
    const { polite } = connectedPair();
    polite.link.setIceServers([{ urls: 'turn:turn.example.com', username: 'u', credential: 'c' }]);
    expect(polite.pc.getConfiguration().iceServers).toEqual([{ urls: 'turn:turn.example.com', username: 'u', credential: 'c' }]);
  });

  it('a link bundles all media on one transport and gathers candidates before its first description', () => {
    const { polite, impolite } = connectedPair({ deliver: false });
    for (const side of [polite, impolite]) {
      expect(side.pc.getConfiguration()).toMatchObject({ bundlePolicy: 'max-bundle', iceCandidatePoolSize: 1 });
    }
    // New servers keep the rest of the configuration (the browser refuses a changed pool or bundle policy).
    polite.link.setIceServers([{ urls: 'stun:stun.example.com' }]);
    expect(polite.pc.getConfiguration()).toMatchObject({ bundlePolicy: 'max-bundle', iceCandidatePoolSize: 1 });
  });
});

