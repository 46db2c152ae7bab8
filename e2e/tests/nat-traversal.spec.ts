import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { agents, newCustomer, uniqueTag } from './fixtures/accounts';
import { acceptCall, expectFramesFlowing, qualityValue, remoteVideo, startCall } from './fixtures/call-steps';
import { agentLanding, logIn, openRequest, registerCustomer, take } from './fixtures/journey-steps';
import { recordPeerConnections, succeededPairOfConnectedPeer } from './fixtures/peer-connection-recorder';
import { startAppServer, type AppServer } from './fixtures/app-server';
import { startCoturn, type Coturn } from './fixtures/coturn';
import { createNatLab, lanPeerRanges, publicIp, tcpProbe, type NatLab, type Side } from './fixtures/netns';
import {
  connectionStates,
  connectRawPeers,
  gatheredCandidateTypes,
  iceServersThroughPage,
  pingOverDataChannel,
  registerThroughPage,
  selectedPairCarryingData,
  startRawCall,
} from './fixtures/raw-peer';
import { killLeftoverProcesses } from './fixtures/spawned-process';
import { chromiumArgs } from './fixtures/chromium';
import { requireCommands, requireRoot } from './fixtures/system-requirements';

// Across a NAT: the app server and coturn on a public address, two browsers each behind its own
// masquerading NAT and firewall (see fixtures/netns.ts for the map). The only way between them is TURN.

const appPort = 8080;
const natChromiumArgs = [
  ...chromiumArgs,
  // The app is served over plain HTTP on a non-loopback address; camera and microphone need a secure context.
  `--unsafely-treat-insecure-origin-as-secure=http://${publicIp}:${appPort}`,
];

let lab: NatLab | undefined;
let coturn: Coturn | undefined;
let server: AppServer | undefined;
const browsers: Partial<Record<Side, Browser>> = {};

test.beforeAll(async () => {
  test.setTimeout(90_000);
  requireRoot('it makes network namespaces and iptables rules');
  requireCommands(['ip', 'iptables', 'turnserver'], 'iproute2 iptables coturn');
  killLeftoverProcesses();
  try {
    lab = createNatLab();
    coturn = await startCoturn({
      netns: lab.pub,
      listeningIp: publicIp,
      relayIp: publicIp,
      port: 3478,
      minRelayPort: 49152,
      maxRelayPort: 49407,
      deniedPeerRanges: lanPeerRanges,
    });
    server = await startAppServer({
      netns: lab.pub,
      host: publicIp,
      port: appPort,
      env: { TURN_URLS: coturn.url, STUN_URLS: coturn.stunUrl, TURN_SECRET: coturn.secret },
      agents: [agents.alice],
    });
    for (const side of ['a', 'b'] as const) {
      browsers[side] = await chromium.launch({ executablePath: lab.chromiumIn(side), args: natChromiumArgs });
    }
  } catch (err) {
    await tearDown();
    throw err;
  }
});

test.afterAll(tearDown);

async function tearDown(): Promise<void> {
  for (const side of ['a', 'b'] as const) await browsers[side]?.close().catch(() => undefined);
  await server?.stop();
  await coturn?.stop();
  lab?.destroy();
}

/** A page of the app, opened by the browser behind NAT `side`. */
async function pageBehind(side: Side): Promise<Page> {
  const context = await browsers[side]!.newContext({ baseURL: server!.origin });
  const page = await context.newPage();
  await page.goto('/healthz');
  return page;
}

/** A new customer's ICE servers as /api/ice-servers gives them to the browser of that page. */
async function iceServersOfNewCustomer(page: Page, name: string): Promise<RTCIceServer[]> {
  const { token } = await registerThroughPage(page, newCustomer(name));
  return (await iceServersThroughPage(page, token)).iceServers;
}

test('the two LANs reach the public server but never each other, by LAN or by NAT address', () => {
  expect(tcpProbe(lab!.host.a, publicIp, appPort)).toBe('connected');
  expect(tcpProbe(lab!.host.b, publicIp, appPort)).toBe('connected');
  expect(tcpProbe(lab!.host.a, lab!.hostIp.b, appPort)).not.toMatch(/connected|refused/);
  expect(tcpProbe(lab!.host.b, lab!.hostIp.a, appPort)).not.toMatch(/connected|refused/);
  // A NAT's public address answers nothing from the other LAN: the firewall drops it on the way out.
  expect(tcpProbe(lab!.host.a, lab!.natPublicIp.b, appPort)).toBe('timeout');
  expect(tcpProbe(lab!.host.b, lab!.natPublicIp.a, appPort)).toBe('timeout');
});

test('two browsers behind different NATs connect through the TURN relay (bare RTCPeerConnections)', async () => {
  const pageA = await pageBehind('a');
  const pageB = await pageBehind('b');
  try {
    // The default policy ('all'): the browsers are free to pick a host or srflx path if one worked.
    await connectRawPeers(
      { page: pageA, config: { iceServers: await iceServersOfNewCustomer(pageA, 'Ana') } },
      { page: pageB, config: { iceServers: await iceServersOfNewCustomer(pageB, 'Bea') } },
    );
    await pingOverDataChannel(pageA, pageB);
    await pingOverDataChannel(pageB, pageA);

    for (const [page, other] of [[pageA, pageB], [pageB, pageA]] as const) {
      // Server-reflexive candidates existed (STUN on 203.0.113.1 works), yet the firewall left only the relay.
      expect(await gatheredCandidateTypes(page)).toEqual(expect.arrayContaining(['host', 'srflx', 'relay']));
      const pair = await selectedPairCarryingData(page, other);
      expect(pair.state).toBe('succeeded');
      expect(pair.nominated).toBe(true);
      // One end of the pair at least is a relayed address on coturn (the only thing on 203.0.113.1).
      expect(pair.local.candidateType === 'relay' || pair.remote.address === publicIp, JSON.stringify(pair)).toBe(true);
    }
  } finally {
    await pageA.context().close();
    await pageB.context().close();
  }
});

test('without the TURN server, the same two browsers cannot connect: no host or srflx path exists', async () => {
  const pageA = await pageBehind('a');
  const pageB = await pageBehind('b');
  try {
    const stunOnly = async (page: Page, name: string) => {
      const servers = (await iceServersOfNewCustomer(page, name)).filter((server) => !server.username);
      expect(servers, 'the STUN entry of /api/ice-servers').toEqual([{ urls: [coturn!.stunUrl] }]);
      return { page, config: { iceServers: servers } };
    };
    await startRawCall(await stunOnly(pageA, 'Cleo'), await stunOnly(pageB, 'Dora'));
    // Candidates of both kinds reach each side, and checks run on every pair; on an open network the
    // srflx pair connects within a second or two. Here, a generous window later, nothing has.
    for (const page of [pageA, pageB]) {
      await expect.poll(() => gatheredCandidateTypes(page)).toEqual(expect.arrayContaining(['host', 'srflx']));
    }
    await pageA.waitForTimeout(8_000);
    for (const page of [pageA, pageB]) expect(await connectionStates(page)).not.toContain('connected');
    expect(await connectionStates(pageA), 'ICE checks did run').toContain('connecting');
  } finally {
    await pageA.context().close();
    await pageB.context().close();
  }
});

test('an agent video-calls a customer across both NATs in the app: both see each other, over the TURN relay', async () => {
  test.setTimeout(90_000);
  const customerContext = await browsers.a!.newContext({ baseURL: server!.origin });
  const agentContext = await browsers.b!.newContext({ baseURL: server!.origin });
  try {
    for (const context of [customerContext, agentContext]) await recordPeerConnections(context);
    const customerPage = await customerContext.newPage();
    const agentPage = await agentContext.newPage();
    const customer = newCustomer('Nadia');
    const subject = uniqueTag('Call me from behind my NAT');

    await registerCustomer(customerPage, customer);
    await openRequest(customerPage, subject, 'Vehicle');
    await logIn(agentPage, agents.alice, agentLanding);
    await take(agentPage, subject);
    await expect(customerPage.getByText(agents.alice.displayName).first()).toBeVisible();

    await startCall(agentPage, 'video');
    await acceptCall(customerPage);
    await expectFramesFlowing(remoteVideo(customerPage, agents.alice.displayName), 30_000);
    await expectFramesFlowing(remoteVideo(agentPage, customer.displayName), 30_000);

    for (const page of [customerPage, agentPage]) {
      // What the agent sees in the app…
      await expect(qualityValue(page, 'Path')).toHaveText('relay (TURN)', { timeout: 10_000 });
      // …is what the browser's own stats say: the selected pair runs through coturn on 203.0.113.1.
      const pair = await succeededPairOfConnectedPeer(page);
      expect(pair!.local.candidateType === 'relay' || pair!.remote.address === publicIp, JSON.stringify(pair)).toBe(true);
    }
  } finally {
    await customerContext.close();
    await agentContext.close();
  }
});
