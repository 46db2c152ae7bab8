import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '@ycyw/protocol';
import { collect, nextEvent, sleep, TestServer, type TestUser } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

const NOTICE = 'No agent is online right now. Your messages are kept and an agent will answer as soon as one is available.';

describe.each(testDialects)('"no agent online" notice (%s)', (dialect) => {
  // A fresh server per test: whether an agent is online is the whole point.
  let server: TestServer;
  afterEach(() => server?.stop());

  const timeline = async (user: TestUser, conversationId: string) =>
    (await server.request('GET', `/api/conversations/${conversationId}/messages`, { token: user.token })).body.messages as Message[];
  /** A disconnected device counts until the presence grace period has passed; the agents list tells when. */
  const untilOffline = (agent: TestUser) =>
    expect
      .poll(async () => (await server.request('GET', '/api/agents', { token: agent.token })).body.agents.find((a: { userId: string }) => a.userId === agent.user.id)?.status)
      .toBe('offline');
  const notices = async (user: TestUser, conversationId: string) =>
    (await timeline(user, conversationId)).filter((m) => m.kind === 'system' && m.body === NOTICE);

  it('a customer who opens a request and writes three messages while no agent is online is told once, live', async () => {
    server = await TestServer.start(dialect);
    const customer = await server.registerCustomer('Camille');
    const device = await server.connect(customer);
    const delivered = collect(device, 'message:new');

    const conversation = await server.openConversation(customer);
    for (const n of [1, 2, 3]) {
      const ack = await device.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: `m-${n}`, body: `Message ${n}` });
      expect(ack).toMatchObject({ ok: true });
    }

    const stored = await notices(customer, conversation.id);
    expect(stored).toEqual([expect.objectContaining({ kind: 'system', body: NOTICE, senderId: customer.user.id })]);
    expect(conversation.lastMessageId).toBe(stored[0]!.id); // the answer to POST /api/conversations already counts it
    expect((await timeline(customer, conversation.id)).map((m) => m.body)).toEqual([NOTICE, 'Message 1', 'Message 2', 'Message 3']);
    await expect.poll(() => delivered.filter((e) => e.message.body === NOTICE).map((e) => e.message.id)).toEqual([stored[0]!.id]);
  });

  it('is not given while an agent is online', async () => {
    server = await TestServer.start(dialect);
    await server.connect(await server.createAgent());
    const customer = await server.registerCustomer();
    const device = await server.connect(customer);
    const delivered = collect(device, 'message:new');

    const conversation = await server.openConversation(customer);
    await device.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'm-1', body: 'Hello?' });
    await sleep(100);

    expect(await notices(customer, conversation.id)).toEqual([]);
    expect(delivered.map((e) => e.message.body)).toEqual(['Hello?']);
  });

  it('counts an agent who is away as not online', async () => {
    server = await TestServer.start(dialect);
    const agent = await server.connect(await server.createAgent());
    await agent.emitWithAck('presence:set', { status: 'away' });
    const customer = await server.registerCustomer();

    const conversation = await server.openConversation(customer);

    expect(await notices(customer, conversation.id)).toHaveLength(1);
  });

  it('is given again in a new wait: after a take, a resolve and a reopening with no agent online', async () => {
    server = await TestServer.start(dialect);
    const customer = await server.registerCustomer('Camille');
    const conversation = await server.openConversation(customer);
    const agent = await server.createAgent('Ana');
    const agentDevice = await server.connect(agent);
    await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id });
    await agentDevice.emitWithAck('conversation:resolve', { conversationId: conversation.id });
    await server.disconnect(agentDevice);
    await untilOffline(agent);
    const [tab1, tab2] = [await server.connect(customer), await server.connect(customer)];
    const live = nextEvent(tab1, 'message:new', (e) => e.message.body === NOTICE);

    // Two tabs write at once into the resolved conversation: it reopens once, and the new wait gets one notice.
    const acks = await Promise.all([
      tab1.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'tab-1', body: 'It broke again' }),
      tab2.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'tab-2', body: 'Anyone there?' }),
    ]);

    expect(acks.every((ack) => ack.ok)).toBe(true);
    expect(await notices(customer, conversation.id)).toHaveLength(2);
    expect((await live).message.senderId).toBe(customer.user.id);
    const bodies = (await timeline(customer, conversation.id)).map((m) => m.body);
    expect(bodies.indexOf(NOTICE, 1)).toBeGreaterThan(bodies.indexOf('Camille reopened the conversation'));
  });

  it('concurrent messages in one wait give one notice', async () => {
    server = await TestServer.start(dialect);
    const customer = await server.registerCustomer();
    // Opened with an agent online: no notice yet. The agent then leaves, and the customer writes fast.
    const agent = await server.createAgent();
    const agentDevice = await server.connect(agent);
    const conversation = await server.openConversation(customer);
    expect(await notices(customer, conversation.id)).toEqual([]);
    await server.disconnect(agentDevice);
    await untilOffline(agent);
    const device = await server.connect(customer);

    const acks = await Promise.all(
      [1, 2, 3, 4].map((n) => device.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: `c-${n}`, body: `Burst ${n}` })),
    );

    expect(acks.every((ack) => ack.ok)).toBe(true);
    expect(await notices(customer, conversation.id)).toHaveLength(1);
  });

  it('the first agent to come online finds the waiting customer at the top of the queue', async () => {
    server = await TestServer.start(dialect);
    const early = await server.registerCustomer('Early');
    const first = await server.openConversation(early, 'Waiting since the night');
    const earlyDevice = await server.connect(early);
    await earlyDevice.emitWithAck('message:send', { conversationId: first.id, clientMessageId: 'n-1', body: 'My car will not start' });
    await sleep(5);
    await server.openConversation(await server.registerCustomer('Later'), 'Came later');

    const agentDevice = await server.connect(await server.createAgent());

    expect(agentDevice.initialQueue?.map((entry) => [entry.conversationId, entry.position])[0]).toEqual([first.id, 1]);
    expect(agentDevice.initialQueue).toHaveLength(2);
    expect((await timeline(early, first.id)).map((m) => m.body)).toEqual([NOTICE, 'My car will not start']);
  });
});
