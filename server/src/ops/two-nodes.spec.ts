import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, nextEvent, sleep, TestServer } from '../test-support/test-app.js';

describe('two nodes sharing PostgreSQL and Redis', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    [nodeA, nodeB] = await TestServer.startTwoNodes();
  });
  afterAll(async () => {
    await nodeB?.stop();
    await nodeA?.stop();
  });

  it('reports Redis in readiness', async () => {
    const ready = await nodeA.request('GET', '/readyz');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', database: 'ok', redis: 'ok' } });
  });

  it('a customer on one node and an agent on the other: queue, take, chat both ways, typing and presence', async () => {
    const customer = await nodeA.registerCustomer('Nadia');
    const agent = await nodeB.createAgent('Bruno');
    const agentSocket = await nodeB.connect(agent);
    const queued = nextEvent(agentSocket, 'queue:updated', (e) => e.queue.some((q) => q.subject === 'Two nodes'), 5000);
    const conversation = await nodeA.openConversation(customer, 'Two nodes', 'billing');
    await queued;

    const customerSocket = await nodeA.connect(customer);
    const customerSeesAgentOnline = nextEvent(customerSocket, 'presence', (e) => e.userId === agent.user.id && e.status === 'online', 5000);
    const updated = nextEvent(customerSocket, 'conversation:updated');
    expect(await agentSocket.emitWithAck('queue:take', { conversationId: conversation.id })).toMatchObject({ ok: true });
    expect((await updated).conversation.status).toBe('active');
    await customerSeesAgentOnline;

    const toAgent = nextEvent(agentSocket, 'message:new');
    await customerSocket.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'a-1', body: 'from node A' });
    expect((await toAgent).message.body).toBe('from node A');
    const toCustomer = nextEvent(customerSocket, 'message:new');
    await agentSocket.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'b-1', body: 'from node B' });
    expect((await toCustomer).message.body).toBe('from node B');

    const typing = nextEvent(customerSocket, 'typing');
    await agentSocket.emitWithAck('typing', { conversationId: conversation.id });
    expect((await typing).userId).toBe(agent.user.id);

    const agentGoesOffline = nextEvent(customerSocket, 'presence', (e) => e.userId === agent.user.id && e.status === 'offline', 5000);
    agentSocket.disconnect();
    await agentGoesOffline;
  });

  it('a retry that reaches the other node returns the first message and delivers it once', async () => {
    const customer = await nodeA.registerCustomer('Retry');
    const conversation = await nodeA.openConversation(customer);
    const onA = await nodeA.connect(customer);
    const onB = await nodeB.connect(customer);
    const seenOnB = collect(onB, 'message:new');
    const payload = { conversationId: conversation.id, clientMessageId: 'same', body: 'once' };

    const first = await onA.emitWithAck('message:send', payload);
    const retry = await onB.emitWithAck('message:send', payload);
    await sleep(300);

    expect(first.ok && retry.ok && retry.message.id === first.message.id).toBe(true);
    expect(seenOnB.map((e) => e.message.clientMessageId)).toEqual(['same']);
  });

  it('logging out on one node disconnects that session’s sockets on the other', async () => {
    const customer = await nodeA.registerCustomer('Logout');
    const onB = await nodeB.connect(customer);
    const gone = new Promise<string>((resolve) => onB.once('disconnect', resolve));
    expect((await nodeA.request('POST', '/api/auth/logout', { token: customer.token })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
  });
});
