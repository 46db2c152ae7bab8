import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerContextResponse } from '@ycyw/protocol';
import { sleep, TestServer } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

describe.each(testDialects)('GET /api/conversations/:id/customer (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());

  const customerOf = (token: string, conversationId: string) =>
    server.request('GET', `/api/conversations/${conversationId}/customer`, { token });

  /** A customer with three requests (the first resolved, the second taken, the third waiting) and the agent who took the first two. */
  async function customerWithHistory() {
    const customer = await server.registerCustomer('Camille');
    const agent = await server.createAgent('Alex');
    const agentDevice = await server.connect(agent);
    const resolved = await server.openConversation(customer, 'Scratch on the door', 'vehicle');
    await sleep(5); // distinct creation times: the list is ordered by them
    const active = await server.openConversation(customer, 'Charged twice', 'billing');
    await sleep(5);
    const waiting = await server.openConversation(customer, 'Change my booking', 'reservation');
    for (const conversation of [resolved, active]) {
      expect((await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id })).ok).toBe(true);
    }
    expect((await agentDevice.emitWithAck('conversation:resolve', { conversationId: resolved.id })).ok).toBe(true);
    return { customer, agent, resolved, active, waiting };
  }

  it("shows an agent member the customer's account and every conversation of theirs, newest first", async () => {
    const { customer, agent, resolved, active, waiting } = await customerWithHistory();
    await server.openConversation(await server.registerCustomer('Someone else'));

    const response = await customerOf(agent.token, active.id);

    expect(response.status).toBe(200);
    const context = response.body as CustomerContextResponse;
    expect(context.customer).toEqual({
      userId: customer.user.id,
      displayName: 'Camille',
      email: customer.user.email,
      memberSince: expect.any(String),
    });
    expect(Date.now() - Date.parse(context.customer.memberSince)).toBeLessThan(60_000);
    expect(context.conversations).toEqual([
      { id: waiting.id, subject: 'Change my booking', topic: 'reservation', status: 'waiting', createdAt: waiting.createdAt, resolvedAt: null, rating: null },
      { id: active.id, subject: 'Charged twice', topic: 'billing', status: 'active', createdAt: active.createdAt, resolvedAt: null, rating: null },
      {
        id: resolved.id,
        subject: 'Scratch on the door',
        topic: 'vehicle',
        status: 'resolved',
        createdAt: resolved.createdAt,
        resolvedAt: expect.any(String),
        rating: null,
      },
    ]);
  });

  it('shows any agent the customer of a conversation waiting in the queue', async () => {
    const { customer, waiting } = await customerWithHistory();

    const response = await customerOf((await server.createAgent('Bea')).token, waiting.id);

    expect(response.status).toBe(200);
    expect(response.body.customer.userId).toBe(customer.user.id);
    expect(response.body.conversations).toHaveLength(3);
  });

  it('refuses an agent outside a conversation that is no longer waiting, and every customer, with 403', async () => {
    const { customer, active, resolved, waiting } = await customerWithHistory();
    const outsider = await server.createAgent('Bea');

    expect((await customerOf(outsider.token, active.id)).status).toBe(403);
    expect((await customerOf(outsider.token, resolved.id)).status).toBe(403);
    for (const conversation of [active, waiting]) {
      const response = await customerOf(customer.token, conversation.id);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
  });

  it('answers 404 for an unknown conversation and 401 without a session', async () => {
    const agent = await server.createAgent();

    expect((await customerOf(agent.token, randomUUID())).status).toBe(404);
    expect((await server.request('GET', `/api/conversations/${randomUUID()}/customer`)).status).toBe(401);
  });
});
