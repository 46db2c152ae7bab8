import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, Conversation, DeskStatsResponse } from '@ycyw/protocol';
import { collect, nextEvent, sleep, TestServer, type TestUser } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

const failed = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

function conversationOf(ack: AckResult<{ conversation: Conversation }>): Conversation {
  if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
  return ack.conversation;
}

/** The value of one sample line of the Prometheus text format, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function scenario(server: () => TestServer) {
  /** A conversation the agent took and resolved; one device each. */
  async function resolvedConversation() {
    const customer = await server().registerCustomer('Camille');
    const agent = await server().createAgent('Alex');
    const agentDevice = await server().connect(agent);
    const conversation = await server().openConversation(customer);
    conversationOf(await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id }));
    conversationOf(await agentDevice.emitWithAck('conversation:resolve', { conversationId: conversation.id }));
    const customerDevice = await server().connect(customer);
    return { customer, agent, conversation, agentDevice, customerDevice };
  }

  const stats = async (user: TestUser) => {
    const response = await server().request('GET', '/api/desk/stats', { token: user.token });
    expect(response.status).toBe(200);
    return (response.body as DeskStatsResponse).ratings;
  };
  /** The sum of every score, from the mean and the count. */
  const total = (ratings: DeskStatsResponse['ratings']) => (ratings.average ?? 0) * ratings.count;

  return { resolvedConversation, stats, total };
}

describe.each(testDialects)('conversation:rate (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());
  const { resolvedConversation, stats, total } = scenario(() => server);

  it("stores the customer's rating of a resolved conversation and sends it to every member's devices", async () => {
    const { customer, conversation, agentDevice, customerDevice } = await resolvedConversation();
    const customerTab2 = await server.connect(customer);
    const rated = (e: { conversation: Conversation }) => e.conversation.id === conversation.id && e.conversation.rating !== null;
    const seen = [nextEvent(agentDevice, 'conversation:updated', rated), nextEvent(customerTab2, 'conversation:updated', rated)];

    const ack = await customerDevice.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 4, comment: '  Quick and kind!  ' });

    const ratedConversation = conversationOf(ack);
    expect(ratedConversation.rating).toEqual({ score: 4, comment: 'Quick and kind!', ratedAt: expect.any(String) });
    expect(ratedConversation.status).toBe('resolved');
    for (const event of await Promise.all(seen)) expect(event.conversation).toEqual(ratedConversation);
    const fetched = await server.request('GET', `/api/conversations/${conversation.id}`, { token: customer.token });
    expect(fetched.body.conversation.rating).toEqual(ratedConversation.rating);
  });

  it('replaces the rating when the customer rates again, counting the conversation once in GET /api/desk/stats', async () => {
    const { agent, conversation, customerDevice } = await resolvedConversation();
    const before = await stats(agent);

    conversationOf(await customerDevice.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 2, comment: 'Slow' }));
    const again = conversationOf(await customerDevice.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 5 }));

    expect(again.rating).toEqual({ score: 5, comment: null, ratedAt: expect.any(String) });
    const after = await stats(agent);
    expect(after.count).toBe(before.count + 1);
    expect(total(after) - total(before)).toBeCloseTo(5, 1);
  });

  it('lets two tabs rating at once both succeed: the last one wins, and the conversation counts once', async () => {
    const { customer, agent, conversation, customerDevice } = await resolvedConversation();
    const customerTab2 = await server.connect(customer);
    const before = await stats(agent);

    const acks = await Promise.all([
      customerDevice.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 1, comment: 'first tab' }),
      customerTab2.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 5, comment: 'second tab' }),
    ]);

    expect(acks.map((ack) => ack.ok)).toEqual([true, true]);
    const stored = (await server.request('GET', `/api/conversations/${conversation.id}`, { token: customer.token })).body.conversation
      .rating;
    expect([
      { score: 1, comment: 'first tab' },
      { score: 5, comment: 'second tab' },
    ]).toContainEqual({ score: stored.score, comment: stored.comment });
    const after = await stats(agent);
    expect(after.count).toBe(before.count + 1);
    expect(total(after) - total(before)).toBeCloseTo(stored.score, 1);
  });

  it('refuses a score outside 1–5, a fractional one, or a comment over the limit with invalid_payload', async () => {
    const { conversation, customerDevice } = await resolvedConversation();

    for (const score of [0, 6, 4.5, '5', undefined]) {
      const payload = { conversationId: conversation.id, score } as never;
      expect(await customerDevice.emitWithAck('conversation:rate', payload)).toEqual(failed('invalid_payload'));
    }
    const longComment = { conversationId: conversation.id, score: 3, comment: 'x'.repeat(1001) };
    expect(await customerDevice.emitWithAck('conversation:rate', longComment)).toEqual(failed('invalid_payload'));
    // The connection stays usable.
    expect((await customerDevice.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 3 })).ok).toBe(true);
  });

  it('answers conflict while the conversation is waiting or active, and after the customer reopened it', async () => {
    const customer = await server.registerCustomer();
    const agentDevice = await server.connect(await server.createAgent());
    const conversation = await server.openConversation(customer);
    const customerDevice = await server.connect(customer);
    const rate = () => customerDevice.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 5 });

    expect(await rate()).toEqual(failed('conflict'));
    conversationOf(await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id }));
    expect(await rate()).toEqual(failed('conflict'));
    conversationOf(await agentDevice.emitWithAck('conversation:resolve', { conversationId: conversation.id }));
    await customerDevice.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'One more thing' });
    expect(await rate()).toEqual(failed('conflict'));
  });

  it("is forbidden to the conversation's agent and to anyone outside it; not_found for an unknown conversation", async () => {
    const { conversation, agentDevice, customerDevice } = await resolvedConversation();
    const stranger = await server.connect(await server.registerCustomer());
    const changes = collect(customerDevice, 'conversation:updated');

    expect(await agentDevice.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 5 })).toEqual(failed('forbidden'));
    expect(await stranger.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 1 })).toEqual(failed('forbidden'));
    expect(await customerDevice.emitWithAck('conversation:rate', { conversationId: randomUUID(), score: 5 })).toEqual(failed('not_found'));
    await sleep(100);
    expect(changes).toEqual([]);
  });

  it("shows in the agent's customer context", async () => {
    const { agent, conversation, customerDevice } = await resolvedConversation();
    const rated = conversationOf(await customerDevice.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 5, comment: 'Quick!' }));

    const context = await server.request('GET', `/api/conversations/${conversation.id}/customer`, { token: agent.token });

    expect(context.body.conversations[0]).toMatchObject({ id: conversation.id, rating: rated.rating });
  });
});

describe.each(testDialects)('GET /api/desk/stats and the rating metrics (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());
  const { resolvedConversation, stats } = scenario(() => server);

  const scrape = async () => (await fetch(`${server.baseUrl}/metrics`)).text();

  it('reports the mean score and the number of rated conversations, to agents and in /metrics', async () => {
    const agent = await server.createAgent();
    expect(await stats(agent)).toEqual({ average: null, count: 0 });
    expect(sample(await scrape(), 'ycyw_rated_conversations')).toBe(0);
    expect(sample(await scrape(), 'ycyw_rating_average')).toBeNaN();

    for (const score of [5, 4, 4]) {
      const { conversation, customerDevice } = await resolvedConversation();
      conversationOf(await customerDevice.emitWithAck('conversation:rate', { conversationId: conversation.id, score }));
    }

    expect(await stats(agent)).toEqual({ average: 4.33, count: 3 });
    const metrics = await scrape();
    expect(sample(metrics, 'ycyw_rated_conversations')).toBe(3);
    expect(sample(metrics, 'ycyw_rating_average')).toBe(4.33);
    expect(sample(metrics, 'ycyw_ratings_given_total{score="4"}')).toBe(2);
    expect(sample(metrics, 'ycyw_ratings_given_total{score="1"}')).toBe(0);
  });

  it('is for agents only: customers get 403', async () => {
    const customer = await server.registerCustomer();

    const response = await server.request('GET', '/api/desk/stats', { token: customer.token });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('forbidden');
  });
});
