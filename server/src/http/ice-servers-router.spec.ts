import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IceServer, IceServersResponse } from '@ycyw/protocol';
import { IceServerIssuer } from '../domain/calls/ice-server-issuer.js';
import { type Coturn, startCoturn } from '../test-support/coturn.js';
import { TestServer, type TestUser } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';
import { allocate, openAllocation, type TurnAllocation } from '../test-support/turn-client.js';

const TTL_SECONDS = 600;
const deployConfig = fileURLToPath(new URL('../../../deploy/coturn/turnserver.conf', import.meta.url));

/** Runs Debian's own TURN test client against the server: exit code 0 means it allocated and relayed data. */
function turnutilsUclient(coturn: Coturn, username: string, password: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // -y: relay to itself (client-to-client), so no separate peer is needed; -n 2: two messages.
    const child = spawn('turnutils_uclient', ['-y', '-n', '2', '-u', username, '-w', password, '-p', String(coturn.port), coturn.host]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.each(testDialects)('GET /api/ice-servers with a real coturn (%s)', (dialect) => {
  let coturn: Coturn;
  let server: TestServer;
  let customer: TestUser;
  let issued: IceServersResponse;
  let turn: IceServer;

  beforeAll(async () => {
    coturn = await startCoturn();
    server = await TestServer.start(dialect, {
      STUN_URLS: coturn.stunUrl,
      TURN_URLS: coturn.turnUrl,
      TURN_SECRET: coturn.secret,
      TURN_TTL: String(TTL_SECONDS),
    });
    customer = await server.registerCustomer('Camille');
    const response = await server.request('GET', '/api/ice-servers', { token: customer.token });
    expect(response.status).toBe(200);
    issued = response.body as IceServersResponse;
    const found = issued.iceServers.find((entry) => entry.username !== undefined);
    if (!found) throw new Error(`no TURN entry in ${JSON.stringify(issued)}`);
    turn = found;
  });
  afterAll(async () => {
    await server?.stop();
    await coturn?.stop();
  });

  it('hands the user the STUN and TURN servers, with a TURN username `<expiry>:<userId>` valid for TURN_TTL', async () => {
    const now = Math.floor(Date.now() / 1000);

    expect(issued).toEqual({
      iceServers: [
        { urls: [coturn.stunUrl] },
        { urls: [coturn.turnUrl], username: expect.stringMatching(/^\d+:/), credential: expect.any(String) },
      ],
      ttlSeconds: TTL_SECONDS,
    });
    const [expiry, userId] = turn.username!.split(':');
    expect(userId).toBe(customer.user.id);
    expect(Number(expiry)).toBeGreaterThanOrEqual(now + TTL_SECONDS - 60);
    expect(Number(expiry)).toBeLessThanOrEqual(now + TTL_SECONDS + 1);
  });

  it('is not cacheable and needs a session', async () => {
    const fresh = await server.request('GET', '/api/ice-servers', { token: customer.token });
    const anonymous = await server.request('GET', '/api/ice-servers');

    expect(fresh.headers.get('cache-control')).toBe('no-store');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('coturn allocates a relay for the credential the server minted', async () => {
    const result = await allocate(coturn, turn.username!, turn.credential!);

    expect(result).toEqual({ ok: true, relayedAddress: { address: '127.0.0.1', port: expect.any(Number) } });
  });

  it("Debian's turnutils_uclient allocates and relays data with the same credential", async () => {
    const { code, output } = await turnutilsUclient(coturn, turn.username!, turn.credential!);

    expect(code, output).toBe(0);
    expect(output).toMatch(/tot_recv_msgs=[1-9]/);
  });

  it('coturn refuses an expired credential, minted with the right secret but a past expiry: 401', async () => {
    const anHourAgo = { now: () => new Date(Date.now() - 3600 * 1000) };
    const expiredIssuer = new IceServerIssuer(
      { stunUrls: [], turnUrls: [coturn.turnUrl], turnSecret: coturn.secret, turnTtlSeconds: TTL_SECONDS },
      anHourAgo,
    );
    const [expired] = expiredIssuer.issueFor(customer.user.id).iceServers;
    expect(Number(expired!.username!.split(':')[0])).toBeLessThan(Date.now() / 1000);

    expect(await allocate(coturn, expired!.username!, expired!.credential!)).toEqual({ ok: false, errorCode: 401, reason: expect.any(String) });
    expect((await turnutilsUclient(coturn, expired!.username!, expired!.credential!)).code).not.toBe(0);
  });

  it('coturn refuses a forged credential (another secret) and a valid credential under another username: 401', async () => {
    const forged = createHmac('sha1', randomBytes(24).toString('hex')).update(turn.username!).digest('base64');
    const [expiry] = turn.username!.split(':');
    const someoneElse = `${expiry}:another-user`;

    expect(await allocate(coturn, turn.username!, forged)).toEqual({ ok: false, errorCode: 401, reason: expect.any(String) });
    expect(await allocate(coturn, someoneElse, turn.credential!)).toEqual({ ok: false, errorCode: 401, reason: expect.any(String) });
  });
});

describe('GET /api/ice-servers with nothing configured', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start('sqlite', { STUN_URLS: '', TURN_URLS: '', TURN_SECRET: '' });
  });
  afterAll(() => server?.stop());

  it('hands out no server at all (no public STUN by default), and the log says so once', async () => {
    const customer = await server.registerCustomer();

    const response = await server.request('GET', '/api/ice-servers', { token: customer.token });

    expect(response.body).toEqual({ iceServers: [], ttlSeconds: 0 });
    expect(server.logs.filter((line) => /no STUN or TURN server configured/.test(line.msg))).toHaveLength(1);
  });
});

describe('deploy/coturn/turnserver.conf, run by coturn, with credentials minted as the server mints them', () => {
  const forbiddenIp = { ok: false, errorCode: 403, reason: expect.any(String) };
  const coturns: Coturn[] = [];

  /** Starts coturn from the documented file (only address, ports and secret set on the command line). */
  async function documentedCoturn(extraArgs: string[] = []) {
    const coturn = await startCoturn({ configFile: deployConfig, allowLoopbackPeers: false, extraArgs });
    coturns.push(coturn);
    return coturn;
  }

  /** An allocation with credentials minted by the app server for a user, held open. */
  async function allocationOn(coturn: Coturn): Promise<TurnAllocation> {
    const issuer = new IceServerIssuer({ stunUrls: [], turnUrls: [coturn.turnUrl], turnSecret: coturn.secret, turnTtlSeconds: 600 }, { now: () => new Date() });
    const [turn] = issuer.issueFor('user-1').iceServers;
    const { result, allocation } = await openAllocation(coturn, turn!.username!, turn!.credential!);
    expect(result.ok).toBe(true);
    return allocation!;
  }

  afterAll(async () => {
    for (const coturn of coturns) await coturn.stop();
  });

  it('refuses to relay to loopback, private, link-local (cloud metadata), CGNAT and multicast peers: 403', async () => {
    const allocation = await allocationOn(await documentedCoturn());
    try {
      for (const peer of ['127.0.0.1', '10.1.2.3', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.1', '224.0.0.1']) {
        expect([peer, await allocation.createPermission(peer)]).toEqual([peer, forbiddenIp]);
      }
    } finally {
      allocation.close();
    }
  });

  it('relays to public peers', async () => {
    const allocation = await allocationOn(await documentedCoturn());
    try {
      expect(await allocation.createPermission('8.8.8.8')).toEqual({ ok: true });
      expect(await allocation.createPermission('1.1.1.1')).toEqual({ ok: true });
    } finally {
      allocation.close();
    }
  });

  it('with the documented local-testing exception (allowed-peer-ip), relays to that network only', async () => {
    const allocation = await allocationOn(await documentedCoturn(['--allowed-peer-ip=192.168.1.0-192.168.1.255']));
    try {
      expect(await allocation.createPermission('192.168.1.20')).toEqual({ ok: true });
      expect(await allocation.createPermission('192.168.2.20')).toEqual(forbiddenIp);
      expect(await allocation.createPermission('10.1.2.3')).toEqual(forbiddenIp);
    } finally {
      allocation.close();
    }
  });
});
