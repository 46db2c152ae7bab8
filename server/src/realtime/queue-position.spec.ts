import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueuePosition } from '@ycyw/protocol';
import { AdjustableClock, nextEvent, receivedEvent, sleep, type TestDevice, TestServer, type TestUser } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

const positionsIn = (device: TestDevice) =>
  device.log.filter((entry) => entry.event === 'queue:position').map((entry) => entry.payload as QueuePosition);
/** The last position the device was told for each conversation. */
const latestIn = (device: TestDevice) => Object.fromEntries(positionsIn(device).map((p) => [p.conversationId, p]));
const of = (conversationId: string, fields: Partial<QueuePosition> = {}) => (event: QueuePosition) =>
  event.conversationId === conversationId && Object.entries(fields).every(([key, value]) => event[key as keyof QueuePosition] === value);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(testDialects)('queue positions for waiting customers (%s)', (dialect) => {
  // A fresh server per test: the number of agents online is part of every position.
  let server: TestServer;
  afterEach(() => server?.stop());

  const positionOver = (user: TestUser, conversationId: string) =>
    server.request('GET', `/api/conversations/${conversationId}/queue-position`, { token: user.token });

  it('a customer gets their place for each of their waiting conversations as their device connects', async () => {
    server = await TestServer.start(dialect);
    const ahead = await server.registerCustomer('Ahead');
    const customer = await server.registerCustomer('Camille');
    const first = await server.openConversation(ahead);
    const second = await server.openConversation(customer, 'Second');
    const third = await server.openConversation(customer, 'Third');

    const device = await server.connect(customer);
    const aheadDevice = await server.connect(ahead);

    // A device gets its positions on connect (or from the publications of those opens, if still under way).
    await expect.poll(() => latestIn(device)).toEqual({
      [second.id]: { conversationId: second.id, position: 2, estimatedWaitSeconds: null, agentsOnline: 0 },
      [third.id]: { conversationId: third.id, position: 3, estimatedWaitSeconds: null, agentsOnline: 0 },
    });
    expect(await receivedEvent(aheadDevice, 'queue:position')).toEqual({
      conversationId: first.id,
      position: 1,
      estimatedWaitSeconds: null,
      agentsOnline: 0,
    });
    // An agent coming online is news for the customers, who are told again; the agent is told no position.
    const told = nextEvent(device, 'queue:position', of(third.id, { agentsOnline: 1 }));
    const agentDevice = await server.connect(await server.createAgent());
    await told;
    expect(new Set(positionsIn(aheadDevice).map((p) => p.conversationId))).toEqual(new Set([first.id]));

    // Nothing is being published any more: what a new device gets now comes from its connection alone.
    const anotherTab = await server.connect(customer);
    await expect.poll(() => positionsIn(anotherTab).length).toBe(2);
    await sleep(100);
    expect(positionsIn(anotherTab)).toEqual([
      { conversationId: second.id, position: 2, estimatedWaitSeconds: null, agentsOnline: 1 },
      { conversationId: third.id, position: 3, estimatedWaitSeconds: null, agentsOnline: 1 },
    ]);
    expect(positionsIn(agentDevice)).toEqual([]);
  });

  it('moves up as conversations ahead are taken, and stops once its own is taken', async () => {
    server = await TestServer.start(dialect);
    const customer = await server.registerCustomer('Camille');
    const first = await server.openConversation(await server.registerCustomer());
    const second = await server.openConversation(customer, 'Second');
    const third = await server.openConversation(customer, 'Third');
    const device = await server.connect(customer);
    const agent = await server.connect(await server.createAgent());
    await receivedEvent(device, 'queue:position', of(third.id, { agentsOnline: 1 }));

    const movedUp = [
      nextEvent(device, 'queue:position', of(second.id, { position: 1 })),
      nextEvent(device, 'queue:position', of(third.id, { position: 2 })),
    ];
    await agent.emitWithAck('queue:take', { conversationId: first.id });
    expect(await Promise.all(movedUp)).toEqual([
      { conversationId: second.id, position: 1, estimatedWaitSeconds: null, agentsOnline: 1 },
      { conversationId: third.id, position: 2, estimatedWaitSeconds: null, agentsOnline: 1 },
    ]);

    const next = nextEvent(device, 'queue:position', of(third.id, { position: 1 }));
    await agent.emitWithAck('queue:take-next', {});
    await next;
    expect((await positionOver(customer, second.id)).status).toBe(409);
  });

  it('tells waiting customers how many agents are online as agents come, step away and leave', async () => {
    server = await TestServer.start(dialect);
    const customer = await server.registerCustomer();
    const conversation = await server.openConversation(customer);
    const device = await server.connect(customer);
    const agentsOnline = (count: number) => nextEvent(device, 'queue:position', of(conversation.id, { agentsOnline: count }));

    let told = agentsOnline(1);
    const ana = await server.connect(await server.createAgent('Ana'));
    await told;
    told = agentsOnline(2);
    const bob = await server.connect(await server.createAgent('Bob'));
    await told;
    told = agentsOnline(1);
    await bob.emitWithAck('presence:set', { status: 'away' });
    await told;
    told = agentsOnline(0);
    await server.disconnect(ana);
    await told;

    expect((await positionOver(customer, conversation.id)).body).toEqual({
      queuePosition: { conversationId: conversation.id, position: 1, estimatedWaitSeconds: null, agentsOnline: 0 },
    });
  });

  it('GET /api/conversations/:id/queue-position: the customer only, while it waits', async () => {
    server = await TestServer.start(dialect);
    const customer = await server.registerCustomer();
    const conversation = await server.openConversation(customer);
    const agent = await server.createAgent();
    const agentDevice = await server.connect(agent);

    const own = await positionOver(customer, conversation.id);
    const otherCustomer = await positionOver(await server.registerCustomer(), conversation.id);
    const asAgent = await positionOver(agent, conversation.id);
    const unknown = await positionOver(customer, 'no-such-conversation');
    const anonymous = await server.request('GET', `/api/conversations/${conversation.id}/queue-position`);
    await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id });
    const taken = await positionOver(customer, conversation.id);

    expect(own).toMatchObject({
      status: 200,
      body: { queuePosition: { conversationId: conversation.id, position: 1, estimatedWaitSeconds: null, agentsOnline: 1 } },
    });
    expect(otherCustomer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(asAgent).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });

  it('estimates the wait from the last ten takes of the last two hours, while an agent is online', async () => {
    const clock = new AdjustableClock();
    server = await TestServer.start(dialect, {}, undefined, { clock });
    const agent = await server.connect(await server.createAgent());
    const customer = await server.registerCustomer();
    const waiting = await server.openConversation(customer, 'Waiting');
    const device = await server.connect(customer);
    const estimate = async () => (await positionOver(customer, waiting.id)).body.queuePosition.estimatedWaitSeconds as number | null;
    const someoneTaken = async () => {
      const conversation = await server.openConversation(await server.registerCustomer(), 'Taken');
      expect(await agent.emitWithAck('queue:take', { conversationId: conversation.id })).toMatchObject({ ok: true });
    };

    expect(await estimate()).toBeNull();
    await someoneTaken();
    expect(await estimate()).toBeNull(); // one take: no interval yet
    clock.advance(1000_000);
    await someoneTaken();
    expect(await estimate()).toBe(1000);
    for (let take = 0; take < 8; take++) {
      clock.advance(MINUTE);
      await someoneTaken();
    }
    clock.advance(MINUTE);
    const told = nextEvent(device, 'queue:position', of(waiting.id, { estimatedWaitSeconds: 60 }));
    await someoneTaken();
    await told;
    // Eleven takes: the oldest (1000 s before the next) no longer counts.
    expect(await estimate()).toBe(60);
    const behind = await server.openConversation(customer, 'Behind');
    expect((await positionOver(customer, behind.id)).body.queuePosition).toMatchObject({ position: 2, estimatedWaitSeconds: 120 });

    const away = nextEvent(device, 'queue:position', of(waiting.id, { agentsOnline: 0 }));
    await agent.emitWithAck('presence:set', { status: 'away' });
    expect(await away).toEqual({ conversationId: waiting.id, position: 1, estimatedWaitSeconds: null, agentsOnline: 0 });
    const back = nextEvent(device, 'queue:position', of(waiting.id, { agentsOnline: 1 }));
    await agent.emitWithAck('presence:set', { status: 'online' });
    expect((await back).estimatedWaitSeconds).toBe(60);

    // The last two takes are a minute apart; the older one leaves the two-hour window a minute before the newer.
    clock.advance(2 * HOUR - 90_000);
    expect(await estimate()).toBe(60);
    clock.advance(MINUTE);
    expect(await estimate()).toBeNull();
  });
});

describe('queue positions and agents online across two nodes (PostgreSQL + Redis)', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    [nodeA, nodeB] = await TestServer.startTwoNodes();
  });
  afterAll(async () => {
    await nodeB?.stop();
    await nodeA?.stop();
  });

  it('an agent online on one node counts for customers, the agents list and the notice on the other', async () => {
    const customer = await nodeA.registerCustomer();
    const conversation = await nodeA.openConversation(customer);
    const device = await nodeA.connect(customer);
    expect(await receivedEvent(device, 'queue:position')).toMatchObject({ conversationId: conversation.id, agentsOnline: 0 });

    const agent = await nodeB.createAgent('Bruno');
    const online = nextEvent(device, 'queue:position', of(conversation.id, { agentsOnline: 1 }), 5000);
    const agentDevice = await nodeB.connect(agent);
    await online;
    const listed = await nodeA.request('GET', '/api/agents', { token: agent.token });
    expect(listed.body.agents).toContainEqual({ userId: agent.user.id, displayName: 'Bruno', status: 'online', openConversations: 0 });
    // No "no agent online" notice for a request opened on node A while Bruno is online on node B.
    const latecomer = await nodeA.registerCustomer();
    const later = await nodeA.openConversation(latecomer, 'While Bruno is online');
    const timeline = await nodeA.request('GET', `/api/conversations/${later.id}/messages`, { token: latecomer.token });
    expect(timeline.body.messages).toEqual([]);

    const away = nextEvent(device, 'queue:position', of(conversation.id, { agentsOnline: 0 }), 5000);
    await agentDevice.emitWithAck('presence:set', { status: 'away' });
    await away;
  });
});
