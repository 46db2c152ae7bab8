import type { BrowserContext, Page } from 'playwright-core';

/** One WebRTC step seen in a page, on the machine's clock (performance.timeOrigin + now). */
export interface TraceEvent {
  readonly at: number;
  readonly page: string;
  readonly what: string;
}

/**
 * `--trace`: wraps RTCPeerConnection in every page of a context so that each negotiation step (SLD/SRD
 * called and done, candidates found and added, ICE and connection state changes) is recorded with an
 * absolute time. The app's code is untouched; both pages' records merge into one timeline per call, which
 * shows where the time between the offer and ICE connected goes.
 */
export async function traceWebRtc(context: BrowserContext): Promise<void> {
  await context.addInitScript({
    content: `(() => {
      const log = (globalThis.__webrtcTrace = []);
      const mark = (what) => log.push({ at: performance.timeOrigin + performance.now(), what });
      const describe = (c) => c ? (c.candidate.split(' ').slice(2, 8).join(' ')) : 'end';
      const Native = RTCPeerConnection;
      let count = 0;
      // Main-thread stalls: a message-channel ping loop; a gap over 4 ms means the thread was busy.
      const channel = new MessageChannel();
      let last = performance.now();
      channel.port1.onmessage = () => {
        const now = performance.now();
        if (now - last > 4) log.push({ at: performance.timeOrigin + last, what: 'main thread busy ' + (now - last).toFixed(1) + ' ms' });
        last = now;
        setTimeout(() => channel.port2.postMessage(0), 0);
      };
      channel.port2.postMessage(0);
      globalThis.RTCPeerConnection = function (...args) {
        const pc = new Native(...args);
        const id = 'pc' + (++count);
        mark(id + ' created');
        pc.addEventListener('icecandidate', (e) => mark(id + ' local candidate ' + describe(e.candidate)));
        pc.addEventListener('icegatheringstatechange', () => mark(id + ' gathering ' + pc.iceGatheringState));
        pc.addEventListener('iceconnectionstatechange', () => mark(id + ' ice ' + pc.iceConnectionState));
        pc.addEventListener('connectionstatechange', () => mark(id + ' connection ' + pc.connectionState));
        pc.addEventListener('negotiationneeded', () => mark(id + ' negotiationneeded'));
        pc.addEventListener('track', (e) => mark(id + ' track ' + e.track.kind));
        const wrap = (name, label) => {
          const original = pc[name].bind(pc);
          pc[name] = (...a) => {
            const what = id + ' ' + name + ' ' + label(a[0]);
            mark(what + ' called');
            const result = original(...a);
            result.then(() => mark(what + ' done'), (err) => mark(what + ' failed ' + err));
            return result;
          };
        };
        wrap('setLocalDescription', (d) => d ? d.type : '(implicit ' + (pc.signalingState === 'have-remote-offer' ? 'answer' : 'offer') + ')');
        wrap('setRemoteDescription', (d) => d.type);
        wrap('addIceCandidate', (c) => describe(c));
        return pc;
      };
      globalThis.RTCPeerConnection.prototype = Native.prototype;
    })();`,
  });
}

/** The trace of each page since the last call, merged in time order, and cleared for the next call. */
export async function takeTrace(pages: Readonly<Record<string, Page>>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  for (const [name, page] of Object.entries(pages)) {
    const recorded = await page.evaluate(() => {
      const holder = globalThis as unknown as { __webrtcTrace?: { at: number; what: string }[] };
      return (holder.__webrtcTrace ?? []).splice(0);
    });
    for (const event of recorded) events.push({ ...event, page: name });
  }
  return events.sort((a, b) => a.at - b.at);
}

/** The timeline as text, times relative to the first offer set locally. */
export function formatTrace(events: readonly TraceEvent[]): string {
  const start = events.find((e) => /setLocalDescription \(implicit offer\) done|setLocalDescription offer done/.test(e.what))?.at ?? events[0]?.at ?? 0;
  return events.map((e) => `${(e.at - start).toFixed(1).padStart(8)} ms  ${e.page.padEnd(9)} ${e.what}`).join('\n');
}
