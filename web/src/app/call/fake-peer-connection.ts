/**
 * Stand-ins for the WebRTC objects jsdom lacks, faithful to what perfect negotiation depends on: the
 * signalling state machine (stable / have-local-offer / have-remote-offer, implicit rollback on a remote
 * offer), `negotiationneeded` fired only when stable, operations chained in order, candidates refused
 * without a remote description or for another ICE generation, and `track` events for the remote's
 * sending tracks. Descriptions carry JSON instead of SDP.
 */

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

export class FakeTrack extends EventTarget {
  readonly id = nextId('track');
  enabled = true;
  readyState: MediaStreamTrackState = 'live';
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  stop(): void {
    this.readyState = 'ended';
  }
}

export class FakeMediaStream extends EventTarget {
  readonly id = nextId('stream');
  readonly #tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    super();
    this.#tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.#tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.#tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.#tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack): void {
    if (!this.#tracks.includes(track)) this.#tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    const index = this.#tracks.indexOf(track);
    if (index < 0) return;
    this.#tracks.splice(index, 1);
    const event = Object.assign(new Event('removetrack'), { track });
    this.dispatchEvent(event);
  }
}

interface WireMedia {
  mid: string;
  rejected?: boolean;
  kind: 'audio' | 'video';
  /** The offerer's or answerer's own sending track on this media section, if it sends. */
  sending: { trackId: string; streamId: string } | null;
}
interface WireDescription {
  ufrag: string;
  media: WireMedia[];
}

class FakeTransceiver {
  mid: string | null = null;
  #direction: RTCRtpTransceiverDirection;
  currentDirection: RTCRtpTransceiverDirection | null = null;
  streamId: string | null;
  readonly sender: { track: FakeTrack | null; replaceTrack: (track: FakeTrack | null) => Promise<void> };
  readonly receiver: { track: FakeTrack };
  /** Created by a remote offer (may be reused by addTrack). */
  fromRemote = false;
  /** Created by addTrack: a remote offer's section of its kind may take it. */
  fromAddTrack = false;
  everSent = false;
  remoteSends = false;
  remoteStream: FakeMediaStream | null = null;

  constructor(
    readonly kind: 'audio' | 'video',
    track: FakeTrack | null,
    streamId: string | null,
    direction: RTCRtpTransceiverDirection,
    readonly onChange: () => void,
  ) {
    this.#direction = direction;
    this.streamId = streamId;
    this.sender = {
      track,
      replaceTrack: async (next) => {
        this.sender.track = next;
      },
    };
    this.receiver = { track: new FakeTrack(kind) };
  }
  get direction(): RTCRtpTransceiverDirection {
    return this.#direction;
  }
  /** Setting a direction renegotiates, as in browsers. */
  set direction(direction: RTCRtpTransceiverDirection) {
    if (direction === this.#direction) return;
    this.#direction = direction;
    this.onChange();
  }
  get sends(): boolean {
    return (this.direction === 'sendrecv' || this.direction === 'sendonly') && this.sender.track !== null;
  }
  stop(): void {
    this.direction = 'stopped';
  }
}

export class FakePeerConnection extends EventTarget {
  static readonly all: FakePeerConnection[] = [];
  signalingState: RTCSignalingState = 'stable';
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: { type: RTCSdpType; sdp: string } | null = null;
  remoteDescription: { type: RTCSdpType; sdp: string } | null = null;
  readonly transceivers: FakeTransceiver[] = [];
  readonly addedCandidates: (RTCIceCandidateInit | undefined)[] = [];
  configuration: RTCConfiguration;
  restarts = 0;
  #ufrag = nextId('ufrag');
  #restartPending = false;
  #needed = false;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;
  #pending = 0;
  readonly #remoteStreams = new Map<string, FakeMediaStream>();

  constructor(configuration: RTCConfiguration = {}) {
    super();
    this.configuration = configuration;
    FakePeerConnection.all.push(this);
  }

  getConfiguration(): RTCConfiguration {
    return this.configuration;
  }
  setConfiguration(configuration: RTCConfiguration): void {
    this.configuration = configuration;
  }
  getTransceivers(): FakeTransceiver[] {
    return [...this.transceivers];
  }

  addTrack(track: FakeTrack, stream: FakeMediaStream): FakeTransceiver['sender'] {
    // As the spec says: any transceiver of the kind whose sender has no track and never sent.
    const reusable = this.transceivers.find((t) => !t.everSent && t.sender.track === null && t.kind === track.kind && t.direction !== 'stopped');
    if (reusable) {
      reusable.sender.track = track;
      reusable.streamId = stream.id;
      reusable.direction = 'sendrecv';
      this.#markNeeded();
      return reusable.sender;
    }
    const transceiver = new FakeTransceiver(track.kind, track, stream.id, 'sendrecv', () => this.#markNeeded());
    transceiver.fromAddTrack = true;
    this.transceivers.push(transceiver);
    this.#markNeeded();
    return transceiver.sender;
  }

  addTransceiver(
    trackOrKind: FakeTrack | 'audio' | 'video',
    init: { direction: RTCRtpTransceiverDirection; streams?: FakeMediaStream[] },
  ): FakeTransceiver {
    const track = typeof trackOrKind === 'string' ? null : trackOrKind;
    const kind = track?.kind ?? (trackOrKind as 'audio' | 'video');
    const transceiver = new FakeTransceiver(kind, track, init.streams?.[0]?.id ?? null, init.direction, () => this.#markNeeded());
    this.transceivers.push(transceiver);
    this.#markNeeded();
    return transceiver;
  }

  removeTrack(sender: FakeTransceiver['sender']): void {
    const transceiver = this.transceivers.find((t) => t.sender === sender);
    if (!transceiver) return;
    transceiver.sender.track = null;
    transceiver.direction = transceiver.direction === 'sendrecv' ? 'recvonly' : 'inactive';
    this.#markNeeded();
  }

  restartIce(): void {
    this.restarts += 1;
    this.#restartPending = true;
    this.#markNeeded();
  }

  setLocalDescription(): Promise<void> {
    return this.#enqueue(() => {
      if (this.signalingState === 'stable') {
        if (this.#restartPending) this.#ufrag = nextId('ufrag');
        this.#restartPending = false;
        for (const t of this.transceivers) t.mid ??= nextId('mid');
        this.localDescription = { type: 'offer', sdp: this.#describe() };
        this.signalingState = 'have-local-offer';
        this.#needed = false;
      } else if (this.signalingState === 'have-remote-offer') {
        const offer = JSON.parse(this.remoteDescription!.sdp) as WireDescription;
        this.localDescription = { type: 'answer', sdp: this.#describe(offer.media.map((m) => m.mid)) };
        this.#applyDirections(offer);
        this.signalingState = 'stable';
        // What the answer carried needs no new offer; only sections the offer did not have do.
        this.#needed = this.#restartPending || this.transceivers.some((t) => t.mid === null);
        this.#connected();
      } else {
        throw new DOMException(`SLD in ${this.signalingState}`, 'InvalidStateError');
      }
      this.#gather();
    });
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    return this.#enqueue(() => {
      const wire = JSON.parse(description.sdp!) as WireDescription;
      if (description.type === 'offer') {
        if (this.signalingState === 'have-local-offer') {
          // Implicit rollback: our offer is withdrawn, still to be made again once stable.
          this.localDescription = null;
          this.signalingState = 'stable';
          this.#needed = true;
          for (const t of this.transceivers) if (t.currentDirection === null && !t.fromRemote) t.mid = null;
        }
        if (this.signalingState !== 'stable') throw new DOMException('SRD(offer) not stable', 'InvalidStateError');
        for (const media of wire.media) {
          // JSEP: a section takes its transceiver, else one addTrack made of its kind that has no section yet.
          let transceiver =
            this.transceivers.find((t) => t.mid === media.mid) ??
            this.transceivers.find((t) => t.mid === null && t.fromAddTrack && t.kind === media.kind && t.direction !== 'stopped');
          if (transceiver) {
            transceiver.mid = media.mid;
          } else {
            transceiver = new FakeTransceiver(media.kind, null, null, 'recvonly', () => this.#markNeeded());
            transceiver.mid = media.mid;
            transceiver.fromRemote = true;
            this.transceivers.push(transceiver);
          }
          this.#receive(transceiver, media);
        }
        this.remoteDescription = { type: 'offer', sdp: description.sdp! };
        this.signalingState = 'have-remote-offer';
      } else if (description.type === 'answer') {
        if (this.signalingState !== 'have-local-offer') throw new DOMException('SRD(answer) without offer', 'InvalidStateError');
        for (const media of wire.media) {
          const transceiver = this.transceivers.find((t) => t.mid === media.mid);
          if (transceiver) this.#receive(transceiver, media);
        }
        this.remoteDescription = { type: 'answer', sdp: description.sdp! };
        this.#applyDirections(wire);
        this.signalingState = 'stable';
        this.#connected();
      }
    });
  }

  addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
    return this.#enqueue(() => {
      if (this.remoteDescription === null) throw new DOMException('no remote description', 'InvalidStateError');
      if (candidate?.candidate && candidate.usernameFragment !== JSON.parse(this.remoteDescription.sdp).ufrag) {
        throw new DOMException('unknown ufrag', 'OperationError');
      }
      this.addedCandidates.push(candidate ?? undefined);
    });
  }

  getStats(): Promise<Map<string, unknown>> {
    return Promise.resolve(new Map());
  }

  close(): void {
    this.#closed = true;
    this.signalingState = 'closed';
    this.connectionState = 'closed';
  }

  /** Moves ICE (for tests of the restart rules). */
  setIceState(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }

  #connected(): void {
    if (this.connectionState === 'connected') return;
    this.iceConnectionState = 'connected';
    this.connectionState = 'connected';
    this.dispatchEvent(new Event('connectionstatechange'));
  }

  /** An answer describes exactly the offer's media sections (`mids`); an offer, every one we have. */
  #describe(mids?: string[]): string {
    const media: WireMedia[] = this.transceivers
      .filter((t) => t.mid !== null && (mids === undefined || mids.includes(t.mid)))
      .map((t) => ({
        mid: t.mid!,
        ...(t.direction === 'stopped' ? { rejected: true } : {}),
        kind: t.kind,
        sending: t.sends ? { trackId: t.sender.track!.id, streamId: t.streamId ?? '' } : null,
      }));
    return JSON.stringify({ ufrag: this.#ufrag, media } satisfies WireDescription);
  }

  #applyDirections(remote: WireDescription): void {
    for (const t of this.transceivers) {
      const media = remote.media.find((m) => m.mid === t.mid);
      if (!media) continue;
      if (media.rejected || t.direction === 'stopped') {
        t.currentDirection = 'stopped';
        t.receiver.track.stop();
        continue;
      }
      if (t.sends) t.everSent = true;
      const recv = media.sending !== null;
      t.currentDirection = t.sends ? (recv ? 'sendrecv' : 'sendonly') : recv ? 'recvonly' : 'inactive';
    }
  }

  #receive(transceiver: FakeTransceiver, media: WireMedia): void {
    const wasReceiving = transceiver.remoteSends;
    if (media.rejected) {
      transceiver.remoteSends = false;
      return;
    }
    transceiver.remoteSends = media.sending !== null;
    if (media.sending && !wasReceiving) {
      // One stream per remote stream id (the msid), shared by the tracks sent in it, as in browsers.
      const streamId = media.sending.streamId;
      const stream = this.#remoteStreams.get(streamId) ?? new FakeMediaStream();
      this.#remoteStreams.set(streamId, stream);
      transceiver.remoteStream = stream;
      transceiver.remoteStream.addTrack(transceiver.receiver.track);
      const event = Object.assign(new Event('track'), {
        track: transceiver.receiver.track,
        streams: [transceiver.remoteStream],
        transceiver,
      });
      this.dispatchEvent(event);
    } else if (!media.sending && wasReceiving) {
      transceiver.remoteStream?.removeTrack(transceiver.receiver.track);
    }
  }

  #gather(): void {
    const ufrag = this.#ufrag;
    setTimeout(() => {
      if (this.#closed) return;
      const host = { candidate: `candidate:1 1 udp 1 192.0.2.1 5000 typ host`, sdpMid: 'm0', sdpMLineIndex: 0, usernameFragment: ufrag };
      this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: { ...host, toJSON: () => host } }));
      this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: null }));
    }, 0);
  }

  #markNeeded(): void {
    this.#needed = true;
    this.#enqueue(() => undefined).then(
      () => this.#fireNeededIfStable(),
      () => undefined,
    );
  }

  #fireNeededIfStable(): void {
    if (this.#needed && this.signalingState === 'stable' && !this.#closed) {
      this.#needed = false;
      this.dispatchEvent(new Event('negotiationneeded'));
    }
  }

  /** Operations queued or running: zero once the connection has nothing left to do. */
  get pendingOperations(): number {
    return this.#pending;
  }

  #enqueue<T>(operation: () => T): Promise<T> {
    this.#pending += 1;
    const run = this.#chain.then(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.#closed) throw new DOMException('closed', 'InvalidStateError');
      return operation();
    });
    const done = () => {
      this.#pending -= 1;
      this.#fireNeededIfStable();
    };
    this.#chain = run.then(done, done);
    return run;
  }
}

/** Installs the fakes where PeerLink and MediaDevices look for the real ones. */
export function installFakeWebRtc(): () => void {
  const globals = globalThis as Record<string, unknown>;
  const saved = { MediaStream: globals['MediaStream'], RTCPeerConnection: globals['RTCPeerConnection'] };
  globals['MediaStream'] = FakeMediaStream;
  globals['RTCPeerConnection'] = FakePeerConnection;
  FakePeerConnection.all.length = 0;
  return () => {
    globals['MediaStream'] = saved.MediaStream;
    globals['RTCPeerConnection'] = saved.RTCPeerConnection;
  };
}
