import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceEvent } from '@ycyw/protocol';
import { collect, nextEvent, receivedEvent, sleep, type TestDevice, TestServer, type TestUser } from '../test-support/test-app.js';

/** The test server's presence grace period (see TestServer.start). */
const GRACE_MS = 100;

// Presence lives in memory, not in the database: one dialect is enough.
describe('presence over socket.io', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start('sqlite');
  });
  afterAll(() => server?.stop());

  const about = (user: TestUser, status?: PresenceEvent['status']) => (event: PresenceEvent) =>
    event.userId === user.user.id && (status === undefined || event.status === status);

  /**
   * A customer and an agent who share a conversation; the customer has one device connected and the
   * agent none (they took the conversation, then left).
   */
  async function contacts() {
    const customer = await server.registerCustomer('Camille');
    const agent = await server.createAgent('Alex');
    const conversation = await server.openConversation(customer);
    const customerDevice = await server.connect(customer);
    const takingDevice = await server.connect(agent);
    expect((await takingDevice.emitWithAck('queue:take', { conversationId: conversation.id })).ok).toBe(true);
    const agentGone = nextEvent(customerDevice, 'presence', about(agent, 'offline'));
    takingDevice.disconnect();
    await agentGone;
    return { customer, agent, customerDevice };
  }

  it('tells a member when the other member comes online', async () => {
    const { agent, customerDevice } = await contacts();
    const online = nextEvent(customerDevice, 'presence', about(agent));

    await server.connect(agent);

    expect(await online).toEqual({ userId: agent.user.id, status: 'online' });
  });

  it('introduces a customer and the agent who takes their conversation to each other', async () => {
    const customer = await server.registerCustomer();
    const agent = await server.createAgent();
    const conversation = await server.openConversation(customer);
    const customerDevice = await server.connect(customer);
    const agentDevice = await server.connect(agent);
    const agentSeen = nextEvent(customerDevice, 'presence', about(agent));
    const customerSeen = nextEvent(agentDevice, 'presence', about(customer));

    await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id });

    expect(await agentSeen).toEqual({ userId: agent.user.id, status: 'online' });
    expect(await customerSeen).toEqual({ userId: customer.user.id, status: 'online' });
  });

  it('gives a device that connects the current presence of each of its contacts', async () => {
    const { customer, agent } = await contacts();

    const agentDevice = await server.connect(agent);

    expect(await receivedEvent(agentDevice, 'presence', about(customer))).toEqual({ userId: customer.user.id, status: 'online' });
  });

  it('keeps a user online while one of two tabs is still open', async () => {
    const { agent, customerDevice } = await contacts();
    const online = nextEvent(customerDevice, 'presence', about(agent, 'online'));
    const tab1 = await server.connect(agent);
    const tab2 = await server.connect(agent);
    await online;
    const afterwards = collect(customerDevice, 'presence');

    tab1.disconnect();
    await sleep(GRACE_MS * 3);

    expect(afterwards.filter(about(agent))).toEqual([]);
    expect(tab2.connected).toBe(true);
  });

  it('turns a user offline once the grace period has passed after their last tab closed', async () => {
    const { agent, customerDevice } = await contacts();
    const online = nextEvent(customerDevice, 'presence', about(agent, 'online'));
    const tab1 = await server.connect(agent);
    const tab2 = await server.connect(agent);
    await online;
    tab1.disconnect();
    const offline = nextEvent(customerDevice, 'presence', about(agent));

    const closedAt = Date.now();
    tab2.disconnect();

    expect(await offline).toEqual({ userId: agent.user.id, status: 'offline' });
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(GRACE_MS - 5);
  });

  it('does not flash a user offline when their only tab reloads within the grace period', async () => {
    const { agent, customerDevice } = await contacts();
    const online = nextEvent(customerDevice, 'presence', about(agent, 'online'));
    const tab = await server.connect(agent);
    await online;
    const afterwards = collect(customerDevice, 'presence');

    tab.disconnect();
    await server.connect(agent);
    await sleep(GRACE_MS * 3);

    expect(afterwards.filter(about(agent))).toEqual([]);
  });

  it('makes a user away when every tab says away, and online again when one tab comes back', async () => {
    const { agent, customerDevice } = await contacts();
    const online = nextEvent(customerDevice, 'presence', about(agent, 'online'));
    const tab1 = await server.connect(agent);
    const tab2 = await server.connect(agent);
    await online;
    const seenByCustomer = collect(customerDevice, 'presence');
    const seenByOwnTab = collect(tab2, 'presence');

    expect(await tab1.emitWithAck('presence:set', { status: 'away' })).toEqual({ ok: true });
    await sleep(100);
    const afterOneTabAway = seenByCustomer.filter(about(agent));
    const away = nextEvent(customerDevice, 'presence', about(agent));
    await tab2.emitWithAck('presence:set', { status: 'away' });
    const whenAllAway = await away;
    const back = nextEvent(customerDevice, 'presence', about(agent));
    await tab1.emitWithAck('presence:set', { status: 'online' });
    const whenOneBack = await back;

    expect(afterOneTabAway).toEqual([]);
    expect(whenAllAway).toEqual({ userId: agent.user.id, status: 'away' });
    expect(whenOneBack).toEqual({ userId: agent.user.id, status: 'online' });
    await sleep(50);
    expect(seenByOwnTab.filter(about(agent)).map((e) => e.status)).toEqual(['away', 'online']);
  });

  it('tells nobody else: a user who shares no conversation gets no presence of strangers', async () => {
    const stranger = await server.registerCustomer('Stranger');
    const strangerDevice = await server.connect(stranger);
    const { customer, agent, customerDevice } = await contacts();

    const away = nextEvent(customerDevice, 'presence', about(agent, 'away'));
    const agentTab = await server.connect(agent);
    await agentTab.emitWithAck('presence:set', { status: 'away' });
    await away;
    const newStrangerDevice = await server.connect(stranger);
    const offline = nextEvent(customerDevice, 'presence', about(agent, 'offline'));
    agentTab.disconnect();
    await offline;
    await sleep(50);

    const presenceAt = (device: TestDevice) =>
      device.log.filter((entry) => entry.event === 'presence').map((entry) => entry.payload as PresenceEvent);
    // The stranger hears about themself (their own first tab coming online), and about nobody else.
    expect(presenceAt(strangerDevice)).toEqual([{ userId: stranger.user.id, status: 'online' }]);
    expect(presenceAt(newStrangerDevice)).toEqual([]);
    expect(presenceAt(customerDevice).filter((event) => event.userId === stranger.user.id)).toEqual([]);
    expect(presenceAt(customerDevice).filter((event) => event.userId === customer.user.id)).not.toEqual([]);
  });
});
