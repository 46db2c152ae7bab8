import type { Page } from 'playwright-core';

export interface BaselineTiming {
  readonly offerToConnectedMs: number;
  /** Offer set locally → the answer applied by the offerer (here: no server in between). */
  readonly offerToAnswerMs: number;
  readonly offerToFrameMs: number;
}

/**
 * The floor the app is compared with: two RTCPeerConnections in one page, handing each other the offer,
 * the answer and trickled candidates directly, with the same fake camera and microphone as the app's
 * call and the same shape of exchange (the answerer adds its tracks to the offered transceivers).
 * Timed like the app's marks: from the offer set locally (ready to send) to the offerer's ICE connected.
 * Both connections use the app's RTCConfiguration (PeerLink's: one bundled transport, candidates gathered
 * ahead), so the comparison is of the exchange, not of the settings.
 */
export function baselineCall(page: Page, timeoutMs = 20_000): Promise<BaselineTiming> {
  return page.evaluate(async (timeoutMs) => {
    const holder = window as unknown as { benchStream?: MediaStream };
    holder.benchStream ??= await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const stream = holder.benchStream;
    const within = <T>(promise: Promise<T>, what: string) =>
      Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`baseline: no ${what} in ${timeoutMs} ms`)), timeoutMs))]);

    const configuration: RTCConfiguration = { bundlePolicy: 'max-bundle', iceCandidatePoolSize: 1 };
    const offerer = new RTCPeerConnection(configuration);
    const answerer = new RTCPeerConnection(configuration);
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    document.body.append(video);
    try {
      // Candidates reach the answerer only once it has the offer, as a signaling server's would.
      let offerApplied!: () => void;
      const answererReady = new Promise<void>((resolve) => (offerApplied = resolve));
      offerer.onicecandidate = ({ candidate }) => {
        if (candidate) void answererReady.then(() => answerer.addIceCandidate(candidate));
      };
      answerer.onicecandidate = ({ candidate }) => {
        if (candidate) void offerer.addIceCandidate(candidate);
      };
      answerer.ontrack = ({ streams }) => {
        if (streams[0] && video.srcObject !== streams[0]) video.srcObject = streams[0];
      };
      const connected = new Promise<number>((resolve) => {
        offerer.oniceconnectionstatechange = () => {
          if (offerer.iceConnectionState === 'connected') resolve(performance.now());
        };
      });
      const firstFrame = new Promise<number>((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now())));

      for (const track of stream.getTracks()) offerer.addTrack(track, stream);
      await offerer.setLocalDescription();
      const offered = performance.now();
      await answerer.setRemoteDescription(offerer.localDescription!);
      offerApplied();
      for (const track of stream.getTracks()) answerer.addTrack(track, stream);
      await answerer.setLocalDescription();
      const answered = performance.now();
      await offerer.setRemoteDescription(answerer.localDescription!);

      const connectedAt = await within(connected, 'ICE connection');
      const frameAt = await within(firstFrame, 'remote frame');
      return { offerToConnectedMs: connectedAt - offered, offerToAnswerMs: answered - offered, offerToFrameMs: frameAt - offered };
    } finally {
      offerer.close();
      answerer.close();
      video.remove();
    }
  }, timeoutMs);
}
