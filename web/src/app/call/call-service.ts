import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import type { Call, CallMedia } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { coreStrings } from '../core/core.strings';
import { errorText } from '../core/error-text';
import { RequestError } from '../core/request-error';
import { SocketService, type AckOf } from '../core/socket-service';
import { callStrings } from './call.strings';
import { localCandidateType, type StatsReportLike } from './call-quality';
import { CallQualityMonitor } from './call-quality-monitor';
import { CallLinks } from './call-links';
import { idle, nextCallPhase, remoteDevices, type CallPhase, type CallPhaseEvent, type CallSelf } from './call-state';
import { IceServers } from './ice-servers';
import { captureFor, MediaDevices, type CaptureMode } from './media-devices';
import type { PeerLink } from './peer-link';
import { incomingRing, RingTone, ringback } from './ring-tone';

/** One other member in the call as the panel shows them. */
export interface RemoteParticipant {
  readonly userId: string;
  readonly displayName: string;
  readonly deviceId: string;
  readonly link: PeerLink;
}

/** A start or an answer waiting for media; kept while the person decides how to go on after a problem. */
type PendingAction =
  | { readonly type: 'start'; readonly conversationId: string; readonly media: CallMedia }
  | { readonly type: 'accept'; readonly callId: string; readonly media: CallMedia };

const endedNoticeMs = 4000;

/**
 * Calls in this tab: follows the server's call events through the phase machine, answers and starts
 * calls, rings, captures the media, and keeps one PeerLink per other joined device in step with the call
 * (CallLinks). Root-provided: a call goes on while the person moves between pages.
 */
@Injectable({ providedIn: 'root' })
export class CallService {
  readonly #socket = inject(SocketService);
  readonly #auth = inject(AuthService);
  readonly #media = inject(MediaDevices);
  readonly #iceServers = inject(IceServers);
  readonly #ring = new RingTone(incomingRing);
  readonly #ringback = new RingTone(ringback);

  readonly #self = computed<CallSelf>(() => ({ userId: this.#auth.user()?.id ?? '', deviceId: this.#socket.deviceId() }));
  readonly #phase = signal<CallPhase>(idle);
  /** Calls not ended yet, by id, from every call event (for "Join call" in their conversation). */
  readonly #liveCalls = signal<ReadonlyMap<string, Call>>(new Map());
  readonly #peerLinks = new CallLinks({
    send: (callId, to, signal) => {
      this.#socket.request('signal', { callId, to, ...signal }).then(
        (ack) => {
          if (!ack.ok) console.warn('signal refused', ack.error);
        },
        () => undefined,
      );
    },
    iceServers: () => this.#iceServers.current,
    localTracks: () => ({ audio: this.#media.audio(), camera: this.#media.camera(), screen: this.#media.screen() }),
  });
  readonly #links = this.#peerLinks.links;
  readonly #monitor = new CallQualityMonitor();
  readonly #busy = signal(false);
  readonly #error = signal<string | null>(null);
  readonly #notice = signal<string | null>(null);
  #pending: PendingAction | null = null;
  /** Calls whose connection outcome this device has reported (once per call, for the operator's metrics). */
  readonly #reported = new Set<string>();
  #endedTimer: ReturnType<typeof setTimeout> | undefined;

  readonly phase = this.#phase.asReadonly();
  readonly busy = this.#busy.asReadonly();
  readonly error = this.#error.asReadonly();
  /** Why the call this user just started is already over (everyone busy), shown where it was started. */
  readonly notice = this.#notice.asReadonly();
  /** Connection quality per remote device id, refreshed every second during a call. */
  readonly quality = this.#monitor.quality;
  /** The call this tab is joined to (calling or in the call), else null. */
  readonly activeCall = computed(() => {
    const phase = this.#phase();
    return phase.kind === 'calling' || phase.kind === 'in-call' ? phase.call : null;
  });
  readonly incomingCall = computed(() => {
    const phase = this.#phase();
    return phase.kind === 'ringing-in' ? phase.call : null;
  });
  readonly remotes = computed<readonly RemoteParticipant[]>(() => {
    const call = this.activeCall();
    const links = this.#links();
    if (call === null) return [];
    return remoteDevices(call, this.#self()).flatMap((device) => {
      const link = links.get(device.deviceId);
      return link ? [{ ...device, link }] : [];
    });
  });

  constructor() {
    const onOnline = () => this.#peerLinks.restartIce();
    const stops = [
      this.#socket.on('call:incoming', ({ call }) => this.#apply({ type: 'incoming', call })),
      this.#socket.on('call:updated', ({ call }) => this.#apply({ type: 'updated', call })),
      this.#socket.on('call:ended', ({ call }) => this.#apply({ type: 'ended', call })),
      this.#socket.on('signal', (event) => this.#peerLinks.receive(event)),
      // A new connection may come with a new device id (no state recovery): move the call to it.
      this.#socket.on('session:ready', () => void this.#rejoinIfMoved()),
      // Candidates sent while the socket was down are lost: renegotiate ICE once signalling is back.
      this.#socket.onConnect(() => this.#peerLinks.restartIce((link) => link.connectionState() !== 'connected')),
      this.#auth.onSignOut(() => this.#reset()),
    ];
    globalThis.addEventListener?.('online', onOnline);
    inject(DestroyRef).onDestroy(() => {
      for (const stop of stops) stop();
      globalThis.removeEventListener?.('online', onOnline);
      this.#reset();
    });

    // Every link sends exactly the local tracks of the moment: a switched device, a share started or stopped.
    effect(() => {
      const tracks = { audio: this.#media.audio(), camera: this.#media.camera(), screen: this.#media.screen() };
      const links = this.#links();
      untracked(() => {
        for (const link of links.values()) void link.setLocalTracks(tracks);
      });
    });
    effect(() => {
      const kind = this.#phase().kind;
      if (kind === 'ringing-in') this.#ring.start();
      else this.#ring.stop();
      // The caller hears the others' devices ring until someone joins (or nobody will).
      if (kind === 'calling') this.#ringback.start();
      else this.#ringback.stop();
    });
    // The first link to connect (or to fail before any did) tells the server how this device's media went.
    effect(() => {
      const call = this.activeCall();
      const states = this.remotes().map((remote) => ({ link: remote.link, state: remote.link.connectionState() }));
      if (call === null || this.#reported.has(call.id)) return;
      const connected = states.find((s) => s.state === 'connected');
      if (connected !== undefined) {
        this.#reported.add(call.id);
        void this.#reportConnected(call.id, connected.link);
      } else if (states.length > 0 && states.every((s) => s.state === 'failed')) {
        this.#reported.add(call.id);
        this.#socket.notify('call:report', { callId: call.id, outcome: 'failed' });
      }
    });
  }

  /** The live call of a conversation that this tab is not in, if any (offered as "Join call"). */
  joinableCallIn(conversationId: string): Call | null {
    const active = this.activeCall();
    for (const call of this.#liveCalls().values()) {
      if (call.conversationId === conversationId && call.id !== active?.id) return call;
    }
    return null;
  }

  /** Whether this tab is in a call of this conversation. */
  inCallIn(conversationId: string): boolean {
    return this.activeCall()?.conversationId === conversationId;
  }

  start(conversationId: string, media: CallMedia): Promise<void> {
    return this.#begin({ type: 'start', conversationId, media });
  }

  /** Answers the ringing call, or joins a live one from its conversation. */
  accept(call: Call): Promise<void> {
    return this.#begin({ type: 'accept', callId: call.id, media: call.media });
  }

  async decline(): Promise<void> {
    const call = this.incomingCall();
    if (call === null) return;
    this.#cancelPending();
    this.#ring.stop();
    const ack = await this.#request('call:decline', call.id);
    if (ack?.ok) this.#apply({ type: 'updated', call: ack.call });
  }

  async hangUp(): Promise<void> {
    const call = this.activeCall();
    if (call === null) return;
    const ack = await this.#request('call:leave', call.id);
    if (ack?.ok) this.#apply({ type: ack.call.status === 'ended' ? 'ended' : 'updated', call: ack.call });
    // Whatever the server said (or if it could not be reached), this tab is out of the call.
    if (this.activeCall()?.id === call.id) this.#leaveLocally(call);
  }

  /** After a capture problem: go on with the microphone only, or with nothing (receive-only). */
  continueWith(mode: Exclude<CaptureMode, 'audio-video'>): Promise<void> {
    this.#media.clearProblem();
    return this.#run(mode);
  }

  /** Retries the capture that failed (e.g. after allowing the camera in the site settings). */
  retryCapture(): Promise<void> {
    const pending = this.#pending;
    this.#media.clearProblem();
    return pending ? this.#run(captureFor(pending.media)) : Promise.resolve();
  }

  cancelCapture(): void {
    this.#cancelPending();
  }

  dismissEnded(): void {
    clearTimeout(this.#endedTimer);
    this.#apply({ type: 'dismissed' });
  }

  async #begin(action: PendingAction): Promise<void> {
    if (this.#busy() || this.activeCall() !== null) return;
    this.#pending = action;
    await this.#run(captureFor(action.media));
  }

  async #run(mode: CaptureMode): Promise<void> {
    const action = this.#pending;
    if (action === null || this.#busy()) return;
    this.#busy.set(true);
    this.#error.set(null);
    this.#notice.set(null);
    try {
      const [captured] = await Promise.all([
        this.#media.capture(mode).then(
          () => true,
          () => false,
        ),
        this.#iceServers.load((servers) => this.#peerLinks.setIceServers(servers)),
      ]);
      // The problem is on screen with the choices; the pending action waits for one of them.
      if (!captured || this.#pending !== action) return;
      this.#pending = null;
      const ack =
        action.type === 'start'
          ? await this.#socket.request('call:start', { conversationId: action.conversationId, media: action.media })
          : await this.#socket.request('call:accept', { callId: action.callId });
      if (!ack.ok) {
        this.#error.set(errorText(new RequestError(ack.error.code, ack.error.message, 0)));
        if (action.type === 'accept') this.#forgetLiveCall(action.callId);
      } else {
        this.#apply({ type: ack.call.status === 'ended' ? 'ended' : 'updated', call: ack.call });
        if (ack.call.status === 'ended') this.#notice.set(callStrings.endedBecause(ack.call, this.#self().userId));
      }
    } catch {
      this.#pending = null;
      this.#error.set(coreStrings.errors.network_error);
    } finally {
      this.#busy.set(false);
      if (this.activeCall() === null && this.#pending === null) this.#stopMedia();
    }
  }

  #apply(event: CallPhaseEvent): void {
    if (event.type !== 'dismissed') this.#trackLiveCall(event.call, event.type === 'ended');
    const before = this.#phase();
    const next = nextCallPhase(before, event, this.#self());
    if (next === before) return;
    this.#phase.set(next);
    if (next.kind === 'calling' || next.kind === 'in-call') {
      this.#peerLinks.sync(next.call, this.#self());
      this.#monitor.start(() => this.#links().values());
      return;
    }
    if (before.kind === 'calling' || before.kind === 'in-call') this.#stopMedia();
    if (next.kind === 'ended') {
      clearTimeout(this.#endedTimer);
      this.#endedTimer = setTimeout(() => this.#apply({ type: 'dismissed' }), endedNoticeMs);
    }
    if (before.kind === 'ringing-in' && next.kind !== 'ringing-in') this.#cancelPending();
  }

  async #rejoinIfMoved(): Promise<void> {
    const call = this.activeCall();
    const deviceId = this.#socket.deviceId();
    if (call === null || deviceId === null) return;
    const mine = call.participants.find((p) => p.userId === this.#self().userId);
    if (mine?.deviceId === undefined || mine.deviceId === deviceId) return;
    const ack = await this.#request('call:accept', call.id);
    if (ack?.ok) this.#apply({ type: 'updated', call: ack.call });
    else this.#leaveLocally(call);
  }

  async #reportConnected(callId: string, link: PeerLink): Promise<void> {
    let path: 'host' | 'srflx' | 'prflx' | 'relay' | undefined;
    try {
      path = localCandidateType((await link.getStats()) as unknown as StatsReportLike);
    } catch {
      // Reported without a path: the outcome still counts.
    }
    this.#socket.notify('call:report', { callId, outcome: 'connected', ...(path ? { path } : {}) });
  }

  async #request(event: 'call:decline' | 'call:leave' | 'call:accept', callId: string): Promise<AckOf<typeof event> | null> {
    try {
      const ack = await this.#socket.request(event, { callId });
      if (!ack.ok) this.#error.set(errorText(new RequestError(ack.error.code, ack.error.message, 0)));
      return ack;
    } catch {
      this.#error.set(coreStrings.errors.network_error);
      return null;
    }
  }

  #trackLiveCall(call: Call, ended: boolean): void {
    const live = this.#liveCalls();
    if (ended || call.status === 'ended') {
      if (live.has(call.id)) this.#forgetLiveCall(call.id);
    } else {
      this.#liveCalls.set(new Map(live).set(call.id, call));
    }
  }

  #forgetLiveCall(callId: string): void {
    const live = new Map(this.#liveCalls());
    live.delete(callId);
    this.#liveCalls.set(live);
  }

  /** Out of the call on this tab without the server's word (it could not be reached, or ended it already). */
  #leaveLocally(call: Call): void {
    this.#apply({ type: 'ended', call: { ...call, status: 'ended' } });
  }

  #cancelPending(): void {
    this.#pending = null;
    this.#media.clearProblem();
    if (this.activeCall() === null && !this.#busy()) this.#media.release();
  }

  /** Closes every link, stops the local tracks, the stats and the credential refresh. */
  #stopMedia(): void {
    this.#peerLinks.closeAll();
    this.#monitor.stop();
    this.#iceServers.stop();
    this.#media.release();
  }

  #reset(): void {
    clearTimeout(this.#endedTimer);
    this.#pending = null;
    this.#ring.stop();
    this.#ringback.stop();
    this.#stopMedia();
    this.#phase.set(idle);
    this.#liveCalls.set(new Map());
    this.#error.set(null);
    this.#notice.set(null);
  }
}
