import { signal } from '@angular/core';
import type { SignalEvent } from '@ycyw/protocol';

/** What a link sends to its remote device through the server (`signal` with `to` set by the caller). */
export type OutgoingSignal = Pick<SignalEvent, 'description' | 'candidate'>;

/** The local tracks a link sends: the microphone and camera in one stream, a shared screen in another. */
export interface LocalTracks {
  readonly audio: MediaStreamTrack | null;
  readonly camera: MediaStreamTrack | null;
  readonly screen: MediaStreamTrack | null;
}

export interface PeerLinkOptions {
  readonly remoteDeviceId: string;
  /** The polite side yields on offer collisions (glare); the other side's offer wins. */
  readonly polite: boolean;
  readonly iceServers: readonly RTCIceServer[];
  readonly send: (signal: OutgoingSignal) => void;
  /** For tests; the browser's RTCPeerConnection otherwise. */
  readonly createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
  /** How long ICE may stay `disconnected` before we restart it rather than wait for it to fail. */
  readonly disconnectedGraceMs?: number;
  readonly log?: (message: string, error?: unknown) => void;
  /** How long the polite side waits for the first offer before offering its own tracks itself. */
  readonly firstOfferWaitMs?: number;
}

type Role = keyof LocalTracks;

const defaultDisconnectedGraceMs = 3000;
const defaultFirstOfferWaitMs = 2000;

/**
 * One RTCPeerConnection to one remote device, negotiated with the perfect negotiation pattern: both sides
 * may offer whenever `negotiationneeded` fires (tracks added or removed, ICE restart), and a collision is
 * resolved by the roles: the impolite side ignores the incoming offer, the polite side rolls its own back
 * (implicitly, inside setRemoteDescription) and answers. No code path creates an offer anywhere else.
 */
export class PeerLink {
  readonly remoteDeviceId: string;
  readonly polite: boolean;

  readonly #pc: RTCPeerConnection;
  readonly #send: (signal: OutgoingSignal) => void;
  readonly #log: (message: string, error?: unknown) => void;
  readonly #disconnectedGraceMs: number;
  /** The stream each local role is sent in, so the remote side can tell the screen from the camera. */
  readonly #mainStream = new MediaStream();
  readonly #screenStream = new MediaStream();
  readonly #transceivers = new Map<Role, RTCRtpTransceiver>();

  // Perfect negotiation state, as in the pattern: an offer of ours in flight, an offer of theirs ignored,
  // and an answer being applied (after which we are stable, so a new offer must not count as glare).
  #makingOffer = false;
  #ignoreOffer = false;
  #applyingAnswer = false;
  /** Descriptions being applied (ours or theirs), and the remote candidates that wait for them. */
  #describing = 0;
  #heldCandidates: (RTCIceCandidateInit | null)[] = [];

  /** The remote stream id carrying audio (or the first one seen): their microphone and camera. */
  #mainRemoteStreamId: string | null = null;
  readonly #remoteMainTracks = new Set<MediaStreamTrack>();
  readonly #remoteScreenTracks = new Set<MediaStreamTrack>();
  #disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /** Polite side only, until the first remote offer: our own negotiation waits (#offerWanted). */
  #holding: boolean;
  #offerWanted = false;
  #holdTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #remoteStream = signal<MediaStream>(new MediaStream());
  readonly #remoteScreen = signal<MediaStream | null>(null);
  readonly #connectionState = signal<RTCPeerConnectionState>('new');
  readonly #iceRestarts = signal(0);
  /** The remote microphone and camera; a new object whenever its tracks change. */
  readonly remoteStream = this.#remoteStream.asReadonly();
  /** The remote shared screen, while they share one. */
  readonly remoteScreen = this.#remoteScreen.asReadonly();
  readonly connectionState = this.#connectionState.asReadonly();
  /** How many times this side restarted ICE (for the quality panel and tests). */
  readonly iceRestarts = this.#iceRestarts.asReadonly();

  constructor(options: PeerLinkOptions) {
    this.remoteDeviceId = options.remoteDeviceId;
    this.polite = options.polite;
    this.#send = options.send;
    this.#log = options.log ?? ((message, error) => console.warn(`[call ${options.remoteDeviceId}] ${message}`, error ?? ''));
    this.#disconnectedGraceMs = options.disconnectedGraceMs ?? defaultDisconnectedGraceMs;
    const configuration: RTCConfiguration = {
      iceServers: [...options.iceServers],
      // One transport for all media (every browser we serve bundles): one set of candidates, checks and
      // DTLS handshake instead of one per m-line until the answer settles on the bundle.
      bundlePolicy: 'max-bundle',
      // Gather (and allocate TURN) as soon as the link exists rather than at setLocalDescription: the link
      // is made when the other device joins, tens of milliseconds before the first offer or answer, and
      // the candidates are then ready when ICE checks can start.
      iceCandidatePoolSize: 1,
    };
    this.#pc = options.createPeerConnection?.(configuration) ?? new RTCPeerConnection(configuration);

    this.#pc.addEventListener('negotiationneeded', () => {
      if (this.#holding) this.#offerWanted = true;
      else void this.#offer();
    });
    // Trickle ICE: each candidate goes out as soon as it is found; null tells the other side we are done.
    this.#pc.addEventListener('icecandidate', ({ candidate }) => {
      if (this.#closed) return;
      this.#send({
        candidate:
          candidate === null
            ? null
            : {
                candidate: candidate.candidate,
                sdpMid: candidate.sdpMid,
                sdpMLineIndex: candidate.sdpMLineIndex,
                usernameFragment: candidate.usernameFragment,
              },
      });
    });
    this.#pc.addEventListener('track', (event) => this.#addRemoteTrack(event));
    this.#pc.addEventListener('iceconnectionstatechange', () => this.#watchIce());
    this.#pc.addEventListener('connectionstatechange', () => this.#connectionState.set(this.#pc.connectionState));
    this.#holding = this.polite;
    if (this.polite) {
      this.#holdTimer = setTimeout(() => this.#release(), options.firstOfferWaitMs ?? defaultFirstOfferWaitMs);
    } else {
      // The impolite side always opens, even with nothing to send (receive-only), so that the polite
      // side's tracks ride in its answer and the first exchange is never a collision.
      this.#pc.addTransceiver('audio', { direction: 'recvonly' });
      this.#pc.addTransceiver('video', { direction: 'recvonly' });
    }
  }

  /**
   * Both sides of a new pair get their tracks at about the same moment (one accepts, the other hears of
   * it), so both would offer at once. Perfect negotiation resolves that, but a rollback of the very first
   * offer has left Chromium's ICE gathering stalled; so the polite side holds its own offer until the
   * first offer arrives, and the opening is one offer and one answer. Its tracks are added at once all
   * the same: the offer's sections take the transceivers addTrack made (JSEP), so they ride in the
   * answer, and adding them (a blocking call into WebRTC's signaling thread) is done before the offer
   * comes rather than on the way to the answer. Later changes negotiate freely.
   */
  #release(): void {
    clearTimeout(this.#holdTimer);
    if (!this.#holding) return;
    this.#holding = false;
    const wanted = this.#offerWanted;
    this.#offerWanted = false;
    // No offer came in time: make the one negotiationneeded asked for while we held (it fires once).
    // After a remote offer, its answer carries our tracks, and the browser asks again if more is needed.
    if (wanted && this.#pc.signalingState === 'stable' && !this.#closed) void this.#offer();
  }

  /** The raw connection, for getStats and tests; negotiation goes through this class only. */
  get peerConnection(): RTCPeerConnection {
    return this.#pc;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Sends exactly these tracks. Microphone and camera swap tracks with replaceTrack once they have a
   * transceiver (switching devices needs no renegotiation); a first track, a share started or stopped
   * renegotiate through `negotiationneeded`.
   */
  async setLocalTracks(tracks: LocalTracks): Promise<void> {
    if (this.#closed) return;
    const replacements: Promise<void>[] = [];
    for (const role of ['audio', 'camera'] as const) {
      const track = tracks[role];
      const transceiver = this.#transceivers.get(role);
      if (transceiver !== undefined) {
        if (transceiver.sender.track !== track) replacements.push(transceiver.sender.replaceTrack(track));
      } else if (track !== null) {
        // addTrack reuses a transceiver of the same kind that never sent (one the remote offered).
        const sender = this.#pc.addTrack(track, this.#mainStream);
        const added = this.#pc.getTransceivers().find((t) => t.sender === sender);
        if (added !== undefined) this.#transceivers.set(role, added);
      }
    }
    this.#applyScreen(tracks.screen, replacements);
    await Promise.all(replacements);
  }

  /**
   * A share gets a send-only transceiver of its own, stopped when the share ends: the remote side sees a
   * new track appear and then end. Neither reusing a transceiver the remote offered (stopping it would cut
   * the remote's own share) nor pausing it by direction (Chromium can leave a re-added remote track muted
   * for good after crossed offers) would be as plain.
   */
  #applyScreen(track: MediaStreamTrack | null, replacements: Promise<void>[]): void {
    const transceiver = this.#transceivers.get('screen');
    if (track === null) {
      if (transceiver !== undefined) {
        this.#transceivers.delete('screen');
        transceiver.stop();
      }
    } else if (transceiver === undefined) {
      this.#transceivers.set('screen', this.#pc.addTransceiver(track, { direction: 'sendonly', streams: [this.#screenStream] }));
    } else if (transceiver.sender.track !== track) {
      replacements.push(transceiver.sender.replaceTrack(track));
    }
  }

  /** Applies a description or candidate the remote device sent us. */
  async receive(signal: Pick<SignalEvent, 'description' | 'candidate'>): Promise<void> {
    if (this.#closed) return;
    const pc = this.#pc;
    try {
      if (signal.description !== undefined) {
        const description = signal.description;
        // An answer being applied will leave us stable, so an offer arriving meanwhile is not a collision.
        const readyForOffer = !this.#makingOffer && (pc.signalingState === 'stable' || this.#applyingAnswer);
        const offerCollision = description.type === 'offer' && !readyForOffer;
        this.#ignoreOffer = !this.polite && offerCollision;
        if (this.#ignoreOffer) return;
        this.#applyingAnswer = description.type === 'answer';
        // On the polite side a colliding offer rolls our own offer back implicitly.
        await this.#describe(() => pc.setRemoteDescription(description));
        this.#applyingAnswer = false;
        if (description.type === 'offer') {
          // The offered sections took our addTrack transceivers (or addTrack reuses theirs): our media
          // is in this answer.
          this.#release();
          await this.#describe(async () => {
            await pc.setLocalDescription();
            this.#sendDescription();
          });
        }
        this.#dropRemovedRemoteTracks();
      } else if (signal.candidate !== undefined) {
        if (this.#describing > 0) this.#heldCandidates.push(signal.candidate);
        else await this.#addCandidate(signal.candidate);
      }
    } catch (error) {
      this.#applyingAnswer = false;
      if (!this.#closed) this.#log('signal failed', error);
    }
  }

  /**
   * Runs one description step. Remote candidates that arrive meanwhile wait and are added, in order, once
   * no description is being applied: Chromium's addIceCandidate blocks the page's main thread until the
   * connection's signaling thread is free, which during a setRemote/LocalDescription is many
   * milliseconds — time the page then cannot spend on the rest of the negotiation.
   */
  async #describe(step: () => Promise<void>): Promise<void> {
    this.#describing += 1;
    try {
      await step();
    } finally {
      this.#describing -= 1;
      if (this.#describing === 0 && this.#heldCandidates.length > 0 && !this.#closed) {
        // Called back to back, so they queue on the connection in the order they came.
        for (const candidate of this.#heldCandidates.splice(0)) void this.#addCandidate(candidate);
      }
    }
  }

  async #addCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    if (candidate === null) {
      // End-of-candidates is a hint, not a candidate: a browser that cannot take it (e.g. before any
      // remote description) loses nothing by skipping it.
      await this.#pc.addIceCandidate().catch(() => undefined);
      return;
    }
    try {
      await this.#pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates of an offer we ignored cannot be added; any other failure is real.
      if (!this.#ignoreOffer && !this.#closed) this.#log('signal failed', error);
    }
  }

  /** Points future ICE gathering (restarts included) at fresh STUN/TURN servers and credentials. */
  setIceServers(iceServers: readonly RTCIceServer[]): void {
    if (this.#closed) return;
    try {
      this.#pc.setConfiguration({ ...this.#pc.getConfiguration(), iceServers: [...iceServers] });
    } catch (error) {
      this.#log('setConfiguration failed', error);
    }
  }

  /** New ICE credentials and candidates, negotiated through `negotiationneeded` like any other change. */
  restartIce(): void {
    if (this.#closed) return;
    clearTimeout(this.#disconnectedTimer);
    this.#iceRestarts.update((count) => count + 1);
    this.#pc.restartIce();
  }

  getStats(): Promise<RTCStatsReport> {
    return this.#pc.getStats();
  }

  /** Idempotent: closes the connection and stops every remote track it received. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#disconnectedTimer);
    clearTimeout(this.#holdTimer);
    this.#heldCandidates = [];
    for (const track of [...this.#remoteMainTracks, ...this.#remoteScreenTracks]) track.stop();
    for (const transceiver of this.#pc.getTransceivers()) transceiver.receiver.track?.stop();
    this.#pc.close();
    this.#connectionState.set('closed');
    this.#remoteMainTracks.clear();
    this.#remoteScreenTracks.clear();
    this.#publishRemote();
  }

  async #offer(): Promise<void> {
    if (this.#closed) return;
    try {
      this.#makingOffer = true;
      // Argument-less: the browser creates the offer that fits the current state (an ICE restart included).
      await this.#describe(async () => {
        await this.#pc.setLocalDescription();
        this.#sendDescription();
      });
    } catch (error) {
      if (!this.#closed) this.#log('offer failed', error);
    } finally {
      this.#makingOffer = false;
    }
  }

  #sendDescription(): void {
    const description = this.#pc.localDescription;
    if (this.#closed || description === null) return;
    // Timing marks (bench/call-setup.ts reads them; DevTools shows them): offer sent → ICE connected.
    if (description.type === 'offer') performance.mark(`ycyw:offer:${this.remoteDeviceId}`);
    this.#send({ description: { type: description.type, sdp: description.sdp } });
  }

  #watchIce(): void {
    const state = this.#pc.iceConnectionState;
    clearTimeout(this.#disconnectedTimer);
    if (this.#closed) return;
    if (state === 'connected') performance.mark(`ycyw:ice-connected:${this.remoteDeviceId}`);
    if (state === 'failed') {
      this.restartIce();
    } else if (state === 'disconnected') {
      // Often transient (a Wi-Fi hiccup): ICE recovers alone within a second or two. Past that, restart.
      this.#disconnectedTimer = setTimeout(() => {
        if (this.#pc.iceConnectionState === 'disconnected') this.restartIce();
      }, this.#disconnectedGraceMs);
    }
  }

  #addRemoteTrack({ track, streams }: RTCTrackEvent): void {
    const streamId = streams[0]?.id ?? '';
    // Their microphone travels with their camera; the audio's stream (or the first seen) is the main one.
    if (track.kind === 'audio' || this.#mainRemoteStreamId === null) this.#mainRemoteStreamId = streamId;
    const isScreen = track.kind === 'video' && streamId !== this.#mainRemoteStreamId;
    (isScreen ? this.#remoteScreenTracks : this.#remoteMainTracks).add(track);
    // Removing a track on the other side removes it from its stream here (after renegotiation).
    streams[0]?.addEventListener('removetrack', ({ track: removed }) => this.#forgetRemoteTrack(removed));
    track.addEventListener('ended', () => this.#forgetRemoteTrack(track));
    this.#publishRemote();
  }

  /** Tracks whose transceiver no longer receives (the sender removed them) are dropped after each SRD. */
  #dropRemovedRemoteTracks(): void {
    const receiving = new Set<MediaStreamTrack>();
    for (const transceiver of this.#pc.getTransceivers()) {
      const direction = transceiver.currentDirection;
      // A stopped transceiver (the remote ended its share) reports 'stopped': its track is gone too.
      if (direction === 'sendrecv' || direction === 'recvonly') receiving.add(transceiver.receiver.track);
    }
    let changed = false;
    for (const set of [this.#remoteMainTracks, this.#remoteScreenTracks]) {
      for (const track of set) {
        if (!receiving.has(track)) {
          set.delete(track);
          changed = true;
        }
      }
    }
    if (changed) this.#publishRemote();
  }

  #forgetRemoteTrack(track: MediaStreamTrack): void {
    const removed = this.#remoteMainTracks.delete(track) || this.#remoteScreenTracks.delete(track);
    if (removed) this.#publishRemote();
  }

  /**
   * Media elements get a new stream object when its tracks change, and only then: reloading a playing
   * element for nothing (a renegotiation that changed nothing it shows) can leave Chromium's player
   * without frames.
   */
  #publishRemote(): void {
    if (!sameTracks(this.#remoteStream().getTracks(), this.#remoteMainTracks)) {
      this.#remoteStream.set(new MediaStream([...this.#remoteMainTracks]));
    }
    const screen = this.#remoteScreen();
    if (!sameTracks(screen?.getTracks() ?? [], this.#remoteScreenTracks)) {
      this.#remoteScreen.set(this.#remoteScreenTracks.size > 0 ? new MediaStream([...this.#remoteScreenTracks]) : null);
    }
  }
}

function sameTracks(shown: readonly MediaStreamTrack[], wanted: ReadonlySet<MediaStreamTrack>): boolean {
  return shown.length === wanted.size && shown.every((track) => wanted.has(track));
}
