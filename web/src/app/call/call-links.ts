import { signal } from '@angular/core';
import type { Call, SignalEvent } from '@ycyw/protocol';
import { remoteDevices, type CallSelf } from './call-state';
import { PeerLink, type LocalTracks, type OutgoingSignal } from './peer-link';

/** Signals that arrive before their link exists (an offer racing our own accept's answer) wait here. */
const maxEarlySignals = 500;

export interface CallLinksDeps {
  /** Sends a description or candidate of this call to one remote device (through the server). */
  readonly send: (callId: string, to: string, signal: OutgoingSignal) => void;
  readonly iceServers: () => readonly RTCIceServer[];
  readonly localTracks: () => LocalTracks;
}

/**
 * The PeerLinks of this tab's call, one per other joined device: made when a device joins, closed when
 * it leaves, all closed when the call ends; and the signals addressed to them, including those that
 * arrive before their link exists.
 */
export class CallLinks {
  readonly #deps: CallLinksDeps;
  readonly #links = signal<ReadonlyMap<string, PeerLink>>(new Map());
  #earlySignals: SignalEvent[] = [];
  #callId: string | null = null;

  /** By remote device id. */
  readonly links = this.#links.asReadonly();

  constructor(deps: CallLinksDeps) {
    this.#deps = deps;
  }

  /** Creates a link for each other joined device and closes those of devices that left. */
  sync(call: Call, self: CallSelf): void {
    this.#callId = call.id;
    const wanted = remoteDevices(call, self);
    const links = new Map(this.#links());
    for (const [deviceId, link] of links) {
      if (!wanted.some((device) => device.deviceId === deviceId)) {
        link.close();
        links.delete(deviceId);
      }
    }
    for (const device of wanted) {
      if (links.has(device.deviceId)) continue;
      const link = new PeerLink({
        remoteDeviceId: device.deviceId,
        // Fixed by the contract: in each pair, the device whose id sorts lower is the polite one.
        polite: (self.deviceId ?? '') < device.deviceId,
        iceServers: this.#deps.iceServers(),
        send: (signal) => this.#deps.send(call.id, device.deviceId, signal),
      });
      void link.setLocalTracks(this.#deps.localTracks());
      links.set(device.deviceId, link);
      const early = this.#earlySignals.filter((signal) => signal.callId === call.id && signal.from === device.deviceId);
      this.#earlySignals = this.#earlySignals.filter((signal) => !early.includes(signal));
      for (const signal of early) void link.receive(signal);
    }
    this.#links.set(links);
  }

  /** Hands a signal to its link, or keeps it until the link exists. */
  receive(event: SignalEvent): void {
    const link = event.callId === this.#callId ? this.#links().get(event.from) : undefined;
    if (link !== undefined) {
      void link.receive(event);
      return;
    }
    this.#earlySignals.push(event);
    if (this.#earlySignals.length > maxEarlySignals) this.#earlySignals.shift();
  }

  restartIce(filter: (link: PeerLink) => boolean = () => true): void {
    for (const link of this.#links().values()) if (filter(link)) link.restartIce();
  }

  setIceServers(servers: readonly RTCIceServer[]): void {
    for (const link of this.#links().values()) link.setIceServers(servers);
  }

  /** Closes every link and forgets the signals kept for links to come. Idempotent. */
  closeAll(): void {
    for (const link of this.#links().values()) link.close();
    if (this.#links().size > 0) this.#links.set(new Map());
    this.#earlySignals = [];
    this.#callId = null;
  }
}
