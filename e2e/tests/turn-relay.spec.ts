import { expect, test, type Browser } from '@playwright/test';
import { newCustomer, serverPort } from './fixtures/accounts';
import { startAppServer, type AppServer } from './fixtures/app-server';
import { mintTurnCredential, startCoturn, type Coturn } from './fixtures/coturn';
import { freeLoopbackPort } from './fixtures/free-port';
import {
  connectRawPeers,
  gatherCandidates,
  iceServersThroughPage,
  registerThroughPage,
  selectedPairCarryingData,
  type SelectedPair,
} from './fixtures/raw-peer';
import { killLeftoverProcesses } from './fixtures/spawned-process';
import { requireCommands } from './fixtures/system-requirements';

// TURN for real: Debian's coturn with use-auth-secret on loopback, an app server of this file's own that
// mints credentials for it, and two browsers allowed nothing but relay candidates.

let coturn: Coturn;
let server: AppServer;

test.beforeAll(async () => {
  requireCommands(['turnserver'], 'coturn');
  killLeftoverProcesses();
  // A relay port range per E2E_PORT slot, so that two runs on one machine never compete for it.
  const minRelayPort = 40_000 + (serverPort % 100) * 200;
  coturn = await startCoturn({
    listeningIp: '127.0.0.1',
    relayIp: '127.0.0.1',
    port: await freeLoopbackPort(),
    minRelayPort,
    maxRelayPort: minRelayPort + 199,
    allowLoopbackPeers: true, // both peers' relayed addresses are 127.0.0.1
  });
  server = await startAppServer({
    host: '127.0.0.1',
    port: await freeLoopbackPort(),
    env: { TURN_URLS: coturn.url, TURN_SECRET: coturn.secret },
  });
});

test.afterAll(async () => {
  await server?.stop();
  await coturn?.stop();
});

/** A customer of our server in a browser context of their own, with their ICE servers. */
async function customerWithIceServers(browser: Browser, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/healthz`);
  const { userId, token } = await registerThroughPage(page, newCustomer(name));
  const { iceServers, ttlSeconds } = await iceServersThroughPage(page, token);
  return { context, page, userId, iceServers, ttlSeconds };
}

function expectRelayedBothWays(pair: SelectedPair, other: SelectedPair): void {
  expect(pair.state).toBe('succeeded');
  expect(pair.nominated).toBe(true);
  expect(pair.local.candidateType).toBe('relay');
  // The far end of the pair is the other browser's own relayed address: relay on both ends.
  expect(`${pair.remote.address}:${pair.remote.port}`).toBe(`${other.local.address}:${other.local.port}`);
}

test('two browsers allowed only relay candidates connect through coturn with the credentials /api/ice-servers hands out', async ({
  browser,
}) => {
  const carla = await customerWithIceServers(browser, 'Carla');
  const dmitri = await customerWithIceServers(browser, 'Dmitri');
  try {
    for (const party of [carla, dmitri]) {
      expect(party.ttlSeconds).toBeGreaterThan(0);
      expect(party.iceServers).toEqual([
        { urls: [coturn.url], username: expect.stringMatching(new RegExp(`^\\d+:${party.userId}$`)), credential: expect.any(String) },
      ]);
    }

    await connectRawPeers(
      { page: carla.page, config: { iceServers: carla.iceServers, iceTransportPolicy: 'relay' } },
      { page: dmitri.page, config: { iceServers: dmitri.iceServers, iceTransportPolicy: 'relay' } },
    );
    // Data flows both ways, over a selected pair that carried it.
    const carlaPair = await selectedPairCarryingData(carla.page, dmitri.page);
    const dmitriPair = await selectedPairCarryingData(dmitri.page, carla.page);
    expectRelayedBothWays(carlaPair, dmitriPair);
    expectRelayedBothWays(dmitriPair, carlaPair);
    // coturn itself allocated a relay for each user, under the username the server minted.
    for (const { userId } of [carla, dmitri]) {
      expect(coturn.log()).toMatch(new RegExp(`user <\\d+:${userId}>: incoming packet ALLOCATE processed, success`));
    }
  } finally {
    await carla.context.close();
    await dmitri.context.close();
  }
});

for (const { refusal, forge } of [
  { refusal: 'an expired credential', forge: (userId: string) => mintTurnCredential(coturn.secret, userId, nowSeconds() - 60) },
  { refusal: 'a credential signed with another secret', forge: (userId: string) => mintTurnCredential('not-the-shared-secret', userId, nowSeconds() + 3600) },
]) {
  test(`coturn refuses ${refusal}: no relay candidate is gathered`, async ({ browser }) => {
    const erin = await customerWithIceServers(browser, 'Erin');
    try {
      // The same browser, server and coturn gather a relay candidate with the credential as issued…
      const issued = await gatherCandidates(erin.page, { iceServers: erin.iceServers, iceTransportPolicy: 'relay' });
      expect(issued.complete).toBe(true);
      expect(issued.candidateTypes).toContain('relay');

      // …and none with the bad one, which coturn answers with 401 Unauthorized.
      const bad = await gatherCandidates(erin.page, {
        iceServers: [{ urls: [coturn.url], ...forge(erin.userId) }],
        iceTransportPolicy: 'relay',
      });
      expect(bad.complete).toBe(true);
      expect(bad.candidateTypes).toEqual([]);
      expect(bad.errors.map((e) => e.errorCode)).toContain(401);
    } finally {
      await erin.context.close();
    }
  });
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
