import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@ycyw/protocol';
import { TestServer } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

const PARTNER_ORIGIN = 'https://partner.example';

describe.each(testDialects)('socket.io handshake (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect, { ALLOWED_ORIGINS: `https://other.example, ${PARTNER_ORIGIN}` });
  });
  afterAll(() => server?.stop());

  it.each([
    ['no token', {}],
    ['an empty token', { token: '' }],
    ['a token that is not a session', { token: 'not-a-real-token' }],
    ['a token that is not a string', { token: 12345 }],
  ])('refuses a handshake with %s: connect_error unauthorized', async (_case, auth) => {
    expect(await server.connectError(auth)).toBe('unauthorized');
  });

  it('refuses a garbage session cookie with connect_error unauthorized', async () => {
    expect(await server.connectError({}, { cookie: 'ycyw_session=not-a-real-token' })).toBe('unauthorized');
  });

  it('accepts the token given in auth and says who the device belongs to in session:ready', async () => {
    const customer = await server.registerCustomer('Camille');

    const device = await server.connect(customer);

    expect(device.connected).toBe(true);
    expect(device.ready).toEqual({ deviceId: expect.any(String), user: customer.user, protocolVersion: PROTOCOL_VERSION });
    expect(device.ready.deviceId).not.toBe('');
  });

  it('accepts the session cookie alone', async () => {
    const customer = await server.registerCustomer('Cookie Chloé');

    const device = await server.connect({}, { extraHeaders: { cookie: `ycyw_session=${customer.token}` } });

    expect(device.ready.user).toEqual(customer.user);
  });

  it('gives each tab of the same session its own deviceId', async () => {
    const agent = await server.createAgent();

    const tabs = await Promise.all([server.connect(agent), server.connect(agent), server.connect(agent)]);

    expect(tabs.map((tab) => tab.ready.user.id)).toEqual([agent.user.id, agent.user.id, agent.user.id]);
    expect(new Set(tabs.map((tab) => tab.deviceId)).size).toBe(3);
  });

  it('refuses a handshake from a foreign Origin, even with a valid token', async () => {
    const customer = await server.registerCustomer();

    const refusal = await server.connectError({ token: customer.token }, { origin: 'https://evil.example' });

    expect(refusal).not.toBe('unauthorized');
    expect(refusal).toBeTruthy();
  });

  it('refuses a handshake from a foreign Origin with the session cookie', async () => {
    const customer = await server.registerCustomer();

    const refusal = await server.connectError({}, { origin: 'https://evil.example', cookie: `ycyw_session=${customer.token}` });

    expect(refusal).toBeTruthy();
  });

  it("accepts the server's own origin and an origin listed in ALLOWED_ORIGINS", async () => {
    const customer = await server.registerCustomer();

    const sameOrigin = await server.connect(customer, { extraHeaders: { origin: server.baseUrl } });
    const partner = await server.connect(customer, { extraHeaders: { origin: PARTNER_ORIGIN } });

    expect(sameOrigin.ready.user.id).toBe(customer.user.id);
    expect(partner.ready.user.id).toBe(customer.user.id);
  });
});
