import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, nextEvent, sleep, TestServer } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

describe.each(testDialects)('chat over socket.io (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());

  async function activeConversation() {
    const customer = await server.registerCustomer('Camille');
    const agent = await server.createAgent('Alex');
    const conversation = await server.openConversation(customer);
    const agentSocket = await server.connect(agent);
    const taken = await agentSocket.emitWithAck('queue:take', { conversationId: conversation.id });
    expect(taken.ok).toBe(true);
    return { customer, agent, conversation, agentSocket };
  }

  it('message:send is acknowledged with the persisted message and delivered to every device of every member', async () => {
    const { customer, conversation, agentSocket } = await activeConversation();
    const tab1 = await server.connect(customer);
    const tab2 = await server.connect(customer);
    const deliveries = [nextEvent(tab1, 'message:new'), nextEvent(tab2, 'message:new'), nextEvent(agentSocket, 'message:new')];

    const ack = await tab1.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'c-1', body: 'Hello' });

    expect(ack).toMatchObject({ ok: true, message: { body: 'Hello', clientMessageId: 'c-1', senderName: 'Camille', kind: 'text' } });
    if (!ack.ok) throw new Error('unreachable');
    for (const delivered of await Promise.all(deliveries)) expect(delivered.message).toEqual(ack.message);
    const history = await server.request('GET', `/api/conversations/${conversation.id}/messages`, { token: customer.token });
    expect(history.body.messages).toEqual([ack.message]);
  });

  it('retrying message:send with the same clientMessageId returns the first message and delivers it once', async () => {
    const { customer, conversation, agentSocket } = await activeConversation();
    const socket = await server.connect(customer);
    const received = collect(agentSocket, 'message:new');
    const payload = { conversationId: conversation.id, clientMessageId: 'retry-1', body: 'Once' };

    const [first, second] = await Promise.all([socket.emitWithAck('message:send', payload), socket.emitWithAck('message:send', payload)]);
    const third = await socket.emitWithAck('message:send', payload);
    await sleep(200);

    expect(first.ok && second.ok && third.ok).toBe(true);
    if (!first.ok || !second.ok || !third.ok) return;
    expect(second.message.id).toBe(first.message.id);
    expect(third.message.id).toBe(first.message.id);
    expect(received.map((e) => e.message.id)).toEqual([first.message.id]);
  });
});
