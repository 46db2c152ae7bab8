import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from './server-process.js';
import type { BaselineTiming } from './call-bench-baseline.js';

const benchDir = fileURLToPath(new URL('../', import.meta.url));
// The package exports only its modules; its browser bundle sits beside them in dist/.
const socketIoClient = path.join(path.dirname(createRequire(import.meta.url).resolve('socket.io-client/package.json')), 'dist/socket.io.min.js');

/** The bare socket.io relay (bare-relay.ts) as its own process: a signal goes to one socket id, nothing else. */
export interface BareRelay {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startBareRelay(): Promise<BareRelay> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'bare-relay.ts')], {
    cwd: benchDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: '' },
    stdio: ['ignore', 'ignore', 2],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the bare relay did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Two pages, each in its own browser context (its own renderer process, like the app's two tabs). */
export interface TwoPages {
  readonly offerer: Page;
  readonly answerer: Page;
  readonly answererId: string;
}

interface PageApi {
  ready: Promise<string>;
  answer(callId: string): void;
  offer(callId: string, to: string, timeoutMs: number): Promise<BaselineTiming>;
}

/**
 * Page-side code of the two-page baseline: a plain socket.io client of the bare relay and one
 * RTCPeerConnection per call, with PeerLink's RTCConfiguration, the page's own fake camera and
 * microphone, trickled candidates, and the answerer rendering the remote video as the in-page baseline
 * does. No app, no Angular, no server logic: what any two tabs must pay to connect through a relay.
 */
function installPageApi(relayUrl: string): void {
  type Io = (url: string, options: object) => {
    id: string;
    on(event: string, listener: (payload: never) => void): void;
    emit(event: string, payload: unknown, ack?: () => void): void;
  };
  const io = (window as unknown as { io: Io }).io;
  const socket = io(relayUrl, { transports: ['websocket'] });
  const configuration: RTCConfiguration = { bundlePolicy: 'max-bundle', iceCandidatePoolSize: 1 };
  const streamPromise = navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const connections = new Map<string, RTCPeerConnection>();
  const send = (callId: string, to: string, signal: object) => socket.emit('signal', { callId, to, ...signal }, () => undefined);
  const handlers = new Map<string, (signal: { from: string; description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit }) => void>();
  socket.on('signal', (signal: { callId: string }) => handlers.get(signal.callId)?.(signal as never));

  const api: PageApi = {
    ready: new Promise((resolve) => socket.on('session:ready', ({ deviceId }: { deviceId: string }) => resolve(deviceId))),
    answer(callId) {
      const pc = new RTCPeerConnection(configuration);
      connections.get('answer')?.close();
      connections.set('answer', pc);
      const video = document.querySelector('video') ?? document.body.appendChild(document.createElement('video'));
      video.muted = true;
      video.autoplay = true;
      pc.ontrack = ({ streams }) => {
        if (streams[0] && video.srcObject !== streams[0]) video.srcObject = streams[0];
      };
      handlers.set(callId, async ({ from, description, candidate }) => {
        pc.onicecandidate = ({ candidate: found }) => found && send(callId, from, { candidate: found.toJSON() });
        if (description) {
          await pc.setRemoteDescription(description);
          const stream = await streamPromise;
          for (const track of stream.getTracks()) pc.addTrack(track, stream);
          await pc.setLocalDescription();
          send(callId, from, { description: pc.localDescription!.toJSON() });
        } else if (candidate) {
          await pc.addIceCandidate(candidate);
        }
      });
    },
    async offer(callId, to, timeoutMs) {
      const stream = await streamPromise;
      const pc = new RTCPeerConnection(configuration);
      connections.get('offer')?.close();
      connections.set('offer', pc);
      let answered = 0;
      handlers.set(callId, async ({ description, candidate }) => {
        if (description) {
          answered = performance.now();
          await pc.setRemoteDescription(description);
        } else if (candidate) {
          await pc.addIceCandidate(candidate);
        }
      });
      pc.onicecandidate = ({ candidate }) => candidate && send(callId, to, { candidate: candidate.toJSON() });
      const connected = new Promise<number>((resolve, reject) => {
        pc.oniceconnectionstatechange = () => {
          if (pc.iceConnectionState === 'connected') resolve(performance.now());
        };
        setTimeout(() => reject(new Error(`two-page baseline: no ICE connection in ${timeoutMs} ms`)), timeoutMs);
      });
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      await pc.setLocalDescription();
      const offered = performance.now();
      send(callId, to, { description: pc.localDescription!.toJSON() });
      const connectedAt = await connected;
      return { offerToConnectedMs: connectedAt - offered, offerToAnswerMs: answered - offered, offerToFrameMs: Number.NaN };
    },
  };
  (window as unknown as { benchTwoPages: PageApi }).benchTwoPages = api;
}

export async function twoPages(browser: Browser, origin: string, relay: BareRelay, prepare: (context: BrowserContext) => Promise<void>): Promise<TwoPages> {
  const pages: Page[] = [];
  for (let i = 0; i < 2; i += 1) {
    const context = await browser.newContext();
    await prepare(context);
    const page = await context.newPage();
    await page.goto(`${origin}/healthz`); // a secure context (loopback) for getUserMedia
    await page.addScriptTag({ path: socketIoClient });
    await page.evaluate(installPageApi, relay.url);
    pages.push(page);
  }
  const [offerer, answerer] = pages as [Page, Page];
  const answererId = await answerer.evaluate(() => (window as unknown as { benchTwoPages: PageApi }).benchTwoPages.ready);
  await offerer.evaluate(() => (window as unknown as { benchTwoPages: PageApi }).benchTwoPages.ready);
  return { offerer, answerer, answererId };
}

let calls = 0;

/** One call between the two pages through the bare relay, timed like the others (offer set → ICE connected). */
export async function twoPageCall({ offerer, answerer, answererId }: TwoPages, timeoutMs = 20_000): Promise<BaselineTiming> {
  const callId = `two-pages-${(calls += 1)}`;
  await answerer.evaluate((id) => (window as unknown as { benchTwoPages: PageApi }).benchTwoPages.answer(id), callId);
  return offerer.evaluate(
    ([id, to, timeout]) => (window as unknown as { benchTwoPages: PageApi }).benchTwoPages.offer(id, to, timeout),
    [callId, answererId, timeoutMs] as const,
  );
}
