// Call-setup benchmark (issue 3): how long the real app takes to connect a video call, next to two bare
// RTCPeerConnections connecting inside one page, measured in the same run, in the same browser, on
// loopback. Debian's Chromium with fake camera and microphone; an app server of its own on a free port.
//   (a) offer → ICE connected: PeerLink's performance marks (ycyw:offer:*, ycyw:ice-connected:*) on the
//       side that sent the first offer; the baseline times the same span in its own page.
//   (b) click "Accept call" → first remote frame: the click and the first requestVideoFrameCallback of
//       "Video of NAME", both timed inside the accepting page.
import { chromiumArgs, chromiumExecutable } from '../e2e/tests/fixtures/chromium.js';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBenchServer, type BenchServer } from './lib/call-bench-server.js';
import { baselineCall, type BaselineTiming } from './lib/call-bench-baseline.js';
import { appCallTimings, callParties, type AppCallTiming } from './lib/call-bench-app.js';
import { callTable } from './lib/call-bench-report.js';
import { formatTrace, takeTrace, traceWebRtc } from './lib/call-bench-trace.js';
import { startBareRelay, twoPageCall, twoPages, type BareRelay } from './lib/call-bench-two-pages.js';

/**
 * Prepares every page of the run. tsx compiles with esbuild's keepNames, which wraps named inner functions
 * in `__name(fn, "name")`; functions sent to page.evaluate run without that helper, so each page gets an
 * identity one. And a mark when an answer is applied (`bench:answer`), to split offer → connected into
 * the signaling round trip and what follows; the app's code is untouched.
 */
async function preparePages(context: BrowserContext): Promise<void> {
  if (values.trace) await traceWebRtc(context);
  await context.addInitScript({
    content: `
      globalThis.__name = (fn) => fn;
      const setRemoteDescription = RTCPeerConnection.prototype.setRemoteDescription;
      RTCPeerConnection.prototype.setRemoteDescription = function (description, ...rest) {
        if (description && description.type === 'answer') performance.mark('bench:answer');
        return setRemoteDescription.call(this, description, ...rest);
      };`,
  });
}

const usage = `usage: npm run bench:calls -- [--calls N] [--warmup W] [--trace]
  --calls N    calls measured, app and baseline each (default 12, at least 10)
  --warmup W   calls of each kind made first and not counted (default 2)
  --trace      print each call's WebRTC steps in both pages on one timeline (to stderr)`;

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '12' },
    warmup: { type: 'string', default: '2' },
    trace: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const calls = Number(values.calls);
const warmup = Number(values.warmup);
if (!Number.isInteger(calls) || calls < 10 || calls > 200 || !Number.isInteger(warmup) || warmup < 0 || warmup > 20) {
  console.error(usage);
  process.exit(2);
}

const benchChromiumArgs = [
  ...chromiumArgs,
  // A page in the background (the agent's, while the customer's is clicked) must not be throttled.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

let server: BenchServer | undefined;
let relay: BareRelay | undefined;
const browser = await chromium.launch({ executablePath: chromiumExecutable, headless: true, args: benchChromiumArgs });
try {
  server = await startBenchServer();
  const baselineContext = await browser.newContext();
  await preparePages(baselineContext);
  const baselinePage: Page = await baselineContext.newPage();
  await baselinePage.goto(`${server.origin}/healthz`); // a secure context (loopback) for getUserMedia
  const parties = await callParties(browser, server, preparePages);
  relay = await startBareRelay();
  const bare = await twoPages(browser, server.origin, relay, preparePages);

  const baseline: BaselineTiming[] = [];
  const app: AppCallTiming[] = [];
  const bareTwoPages: BaselineTiming[] = [];
  // Interleaved, so that whatever else the machine does weighs on both alike.
  for (let i = 0; i < warmup + calls; i += 1) {
    const b = await baselineCall(baselinePage);
    const t = await twoPageCall(bare);
    const a = (await appCallTimings(parties, 1))[0]!;
    if (values.trace) {
      process.stderr.write(`--- baseline call ${i + 1}\n${formatTrace(await takeTrace({ baseline: baselinePage }))}\n`);
      process.stderr.write(`--- app call ${i + 1}\n${formatTrace(await takeTrace({ customer: parties.customer, agent: parties.agent }))}\n`);
      process.stderr.write(`--- two-pages call ${i + 1}\n${formatTrace(await takeTrace({ offerer: bare.offerer, answerer: bare.answerer }))}\n`);
    }
    if (i >= warmup) {
      baseline.push(b);
      bareTwoPages.push(t);
      app.push(a);
    }
    process.stderr.write(`call ${i + 1}/${warmup + calls}${i < warmup ? ' (warm-up)' : ''}: app offer→connected ${a.offerToConnectedMs.toFixed(0)} ms, accept→frame ${a.acceptToFrameMs.toFixed(0)} ms; baseline ${b.offerToConnectedMs.toFixed(0)} ms, two pages ${t.offerToConnectedMs.toFixed(0)} ms\n`);
  }

  const version = browser.version();
  const cpus = os.cpus();
  // Other work on the machine slows both sides, though not necessarily alike: say how busy it was.
  const load = os.loadavg().map((value) => value.toFixed(1)).join(' ');
  console.log(`\nCall setup, ${calls} calls (after ${warmup} warm-up), Chromium ${version}, loopback, fake devices, no TURN`);
  console.log(`${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, load average ${load} (1, 5, 15 min)\n`);
  // Which tab offers follows from the two device ids, so it is the same for every call of a run.
  const offerers = [...new Set(app.map((t) => t.offerer))].join(' and ');
  console.log(`The ${offerers}'s tab sent the offers (the accepting tab is the customer's).\n`);
  console.log(callTable(app, baseline, bareTwoPages));
} finally {
  await browser.close();
  await server?.stop();
  await relay?.stop();
}
