import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSummary } from '@ycyw/protocol';
import { TestServer, type TestUser } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

describe.each(testDialects)('GET /api/agents (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());

  const agentsSeenBy = async (user: TestUser) => (await server.request('GET', '/api/agents', { token: user.token })).body.agents as AgentSummary[];

  it('lists every agent by name, with their presence and the conversations they have open', async () => {
    const [zoe, ana, marc] = [await server.createAgent('Zoé'), await server.createAgent('Ana'), await server.createAgent('Marc')];
    const customer = await server.registerCustomer();
    const anaDevice = await server.connect(ana);
    const marcDevice = await server.connect(marc);
    await marcDevice.emitWithAck('presence:set', { status: 'away' });
    const [active, resolved] = [await server.openConversation(customer, 'Active'), await server.openConversation(customer, 'Resolved')];
    await server.openConversation(customer, 'Still waiting');
    await anaDevice.emitWithAck('queue:take', { conversationId: active.id });
    await anaDevice.emitWithAck('queue:take', { conversationId: resolved.id });
    await anaDevice.emitWithAck('conversation:resolve', { conversationId: resolved.id });

    const response = await server.request('GET', '/api/agents', { token: zoe.token });

    expect(response.status).toBe(200);
    const ours = (response.body.agents as AgentSummary[]).filter((a) => [zoe, ana, marc].some((u) => u.user.id === a.userId));
    expect(ours).toEqual([
      { userId: ana.user.id, displayName: 'Ana', status: 'online', openConversations: 1 },
      { userId: marc.user.id, displayName: 'Marc', status: 'away', openConversations: 0 },
      { userId: zoe.user.id, displayName: 'Zoé', status: 'offline', openConversations: 0 },
    ]);
    const names = (response.body.agents as AgentSummary[]).map((a) => a.displayName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('counts a conversation an agent was invited to, and one back in the queue after a reopening', async () => {
    const [ana, bob] = [await server.createAgent('Ana'), await server.createAgent('Bob')];
    const customer = await server.registerCustomer('Chloé');
    const [anaDevice, customerDevice] = [await server.connect(ana), await server.connect(customer)];
    await server.connect(bob);
    const [invited, reopened] = [await server.openConversation(customer, 'Invited'), await server.openConversation(customer, 'Reopened')];
    await anaDevice.emitWithAck('queue:take', { conversationId: invited.id });
    expect(await anaDevice.emitWithAck('conversation:invite', { conversationId: invited.id, userId: bob.user.id })).toMatchObject({ ok: true });
    await anaDevice.emitWithAck('queue:take', { conversationId: reopened.id });
    await anaDevice.emitWithAck('conversation:resolve', { conversationId: reopened.id });
    await customerDevice.emitWithAck('message:send', { conversationId: reopened.id, clientMessageId: 'again', body: 'Me again' });

    const agents = await agentsSeenBy(bob);

    expect(agents.find((a) => a.userId === ana.user.id)).toMatchObject({ status: 'online', openConversations: 2 });
    expect(agents.find((a) => a.userId === bob.user.id)).toMatchObject({ status: 'online', openConversations: 1 });
  });

  it('is for agents only: a customer gets 403, nobody signed in 401', async () => {
    const customer = await server.registerCustomer();

    expect(await server.request('GET', '/api/agents', { token: customer.token })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await server.request('GET', '/api/agents')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });
});
